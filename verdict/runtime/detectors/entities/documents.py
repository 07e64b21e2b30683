"""Travel and driving documents: shapes any short code has, reported only after a label naming them."""

from __future__ import annotations

import re

from verdict.runtime.detectors.checksums import digits_form, us_passport_form
from verdict.runtime.detectors.entities.fragments import B, W
from verdict.runtime.detectors.entities.record import EntityRecord, Keys, Pattern, Validator, case
from verdict.runtime.detectors.entities.shared import PASSPORT_LABEL, id_shape
from verdict.runtime.detectors.identifiers import driver_license, passport, passport_type

US_PASSPORT = EntityRecord(
    "US_PASSPORT",
    presidio="US_PASSPORT",
    form=Validator("us-passport", us_passport_form),
    context=(PASSPORT_LABEL,),
    field_keys=(
        Keys(r"(?:us|usa|u s|united states|american) passport|passport (?:\w+ )?(?:us|usa|u s)|us ?pp"),
    ),
    field_shape=id_shape(8, r"[A-Z]?\d{8,9}"),
    cases=(
        case("US passport number 518207341", "518207341"),
        case("Passport: A41720391 (United States)", "A41720391"),
        case("UK passport 923817465"),
    ),
)

PASSPORT = EntityRecord(
    "PASSPORT",
    presidio="UK_PASSPORT",
    patterns=(
        Pattern(
            "passport",
            "PASSPORT",
            re.compile(rf"[A-Z0-9]{W}[A-Z0-9]{{6,8}}{B}"),
            check=passport,
            labelled=True,
            retype=passport_type,
        ),
    ),
    # Every country's number holds digits (Germany's letters-and-digits C4J7MN2K9 four of them), in capitals.
    form=Validator("passport-number", digits_form(2, capitals=True)),
    context=(PASSPORT_LABEL,),
    field_keys=(Keys(r"passport|pp|travel ?doc(?:ument)?|reisepass|passeport|pasaporte|passaporto"),),
    field_shape=id_shape(5, r"[A-Z0-9]{6,10}"),
    cases=(
        case("UK passport 923817465", "923817465"),
        case("German passport (Reisepass) C4J7MN2K9", "C4J7MN2K9"),
        case("Renew your passport 6 weeks before travel."),
    ),
)

US_DRIVER_LICENSE = EntityRecord(
    "US_DRIVER_LICENSE",
    presidio="US_DRIVER_LICENSE",
    patterns=(
        Pattern(
            "driver-license",
            "US_DRIVER_LICENSE",
            re.compile(rf"[A-Z0-9]{W}[A-Z0-9]*(?:[ -](?=[A-Z]*[0-9])[A-Z0-9]+)*{B}"),
            check=driver_license,
            labelled=True,
        ),
    ),
    # Every state's format holds digits (Washington's legacy SMITHJ123AB three of them), in capitals.
    form=Validator("licence-number", digits_form(3, capitals=True)),
    context=(r"driver'?s?[ _-]?licen[cs]e|driving[ _-]?licen[cs]e|licen[cs]e|dl|dln",),
    field_keys=(Keys(r"(?:drivers?|driving) ?licen[cs]e|dl|licen[cs]e|fuhrerschein|permis"),),
    field_shape=id_shape(4, r"[A-Z0-9][A-Z0-9 -]{3,22}[A-Z0-9]"),
    cases=(
        case("California driver's license D5521837", "D5521837"),
        case("Florida DL: W426-545-30-761-0", "W426-545-30-761-0"),
        case("MIT license, version 2.0"),
    ),
)

RECORDS = (US_PASSPORT, PASSPORT, US_DRIVER_LICENSE)
