"""Who a person is and what is theirs: names, places, addresses, birth dates, ages, medical record
numbers, vehicles. Mostly the model's to find; the rules read them where a record's key names them."""

from __future__ import annotations

import re

from verdict.runtime.detectors.checksums import date_form, vehicle_form
from verdict.runtime.detectors.entities.fragments import B, W
from verdict.runtime.detectors.entities.record import EntityRecord, Keys, Pattern, Validator, case
from verdict.runtime.detectors.entities.shared import ADDRESS_KEYS, PLACE_KEYS, REGION_HINT, id_shape
from verdict.runtime.detectors.identifiers import plate, vin

NAME_PARTICLES = frozenset(
    {"da", "de", "del", "der", "di", "do", "dos", "du", "la", "le", "van", "von", "bin", "al", "y"}
)
_NAME_SEPARATORS = re.compile(r"[ ,'’.-]+")
_DATE = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
    r"|(?:\d{1,2}(?:st|nd|rd|th)? )?[A-Za-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4}"
)
_VIN = re.compile(rf"[A-HJ-NPR-Z0-9]{W}[A-HJ-NPR-Z0-9]{{16}}{B}")


def proper_name(value: str) -> bool:
    """Capitalized words (name particles aside), letters only: "Fowler, Danielle", "Murilo da Luz"."""
    words = [w for w in _NAME_SEPARATORS.split(value) if w]
    return (
        0 < len(words) <= 6
        and len(value) <= 60
        and words[0][0].isupper()
        and all(w.isalpha() and (w[0].isupper() or w in NAME_PARTICLES) for w in words)
    )


PERSON = EntityRecord(
    "PERSON",
    presidio="PERSON",
    field_keys=(
        Keys(r"(?:card|account) ?holder|holder ?name"),
        Keys(
            r"first ?name|last ?name|full ?name|surname|given ?name|family ?name|customer|client|patient|employee|"
            r"holder|applicant|beneficiary|passenger|tenant|nome|nom|nombre|vorname|nachname|prenom|cognome|apellido"
        ),
        Keys(r"name|contact|owner|member|guest|sender|recipient", alone=False),
    ),
    field_shape=proper_name,
    cases=(
        case('{"full_name": "Danielle Fowler"}', "Danielle Fowler"),
        case('{"file_name": "Report Final"}'),
    ),
)

LOCATION = EntityRecord(
    "LOCATION",
    presidio="LOCATION",
    field_keys=(PLACE_KEYS, REGION_HINT),
    field_shape=proper_name,
    cases=(
        case("hometown: Springfield", "Springfield"),
        case("city: 42"),
    ),
)


def address_form(value: str) -> bool:
    """A street address names a number (a house, a unit or a postcode) and a word: "1420 Oak Street",
    "75007 Paris". A model span of "Church", "bakery" or "28" alone is a fragment of prose, and anchoring
    the names and places around it as personal data would redact a history answer."""
    return any(c.isdigit() for c in value) and sum(c.isalpha() for c in value) >= 3


STREET_ADDRESS = EntityRecord(
    "STREET_ADDRESS",
    form=Validator("address", address_form),
    field_keys=(ADDRESS_KEYS, PLACE_KEYS, REGION_HINT),
    field_shape=lambda v: len(v) <= 120 and " " in v and address_form(v),
    cases=(
        case("shipping_address: 742 Evergreen Terrace, Springfield", "742 Evergreen Terrace, Springfield"),
        case("Send it to 12 Baker Street, London NW1 6XE.", "12 Baker Street, London NW1 6XE"),
        case("address: TBD"),
        case("Mass was held at the Church of St Mary Magdalene."),
        case("10 Downing Street is the Prime Minister's residence."),
    ),
)

DATE_OF_BIRTH = EntityRecord(
    "DATE_OF_BIRTH",
    presidio="DATE_TIME",
    form=Validator("date", date_form),
    field_keys=(
        Keys(
            r"dob|d o b|date of birth|birth ?date|birthday|born|geburtsdatum|geboren|naissance|nacimiento|nascita"
        ),
    ),
    field_shape=lambda v: _DATE.fullmatch(v) is not None,
    cases=(
        case("DOB: 1984-03-12", "1984-03-12"),
        case("Card expires 09/29, CVV on the back."),
    ),
)

AGE = EntityRecord(
    "AGE",
    field_keys=(Keys(r"age|years old|alter|edad|eta"),),
    field_shape=lambda v: v.isdigit() and 0 < int(v) <= 120,
    cases=(
        case("age: 34", "34"),
        case("age: 340"),
    ),
)


def record_number_form(value: str) -> bool:
    """A record number has digits: the model's span on the label "MRN" itself is no value."""
    return sum(c.isdigit() for c in value) >= 3


MEDICAL_RECORD_NUMBER = EntityRecord(
    "MEDICAL_RECORD_NUMBER",
    form=Validator("record-number", record_number_form),
    context=(r"mrn|medical[ _-]?record|record[ _-]?(?:number|no)|patient[ _-]?id",),
    field_keys=(Keys(r"mrn|medical ?record|chart|patient ?id|hospital|health ?record"),),
    field_shape=id_shape(4, r"[A-Z0-9][A-Z0-9-]{3,19}"),
    cases=(
        case("MRN: 00482913", "00482913"),
        case("MRN: none"),
    ),
)

VEHICLE_ID = EntityRecord(
    "VEHICLE_ID",
    patterns=(
        Pattern("vin", "VEHICLE_ID", _VIN, check=vin, algo="vin"),
        Pattern(
            "vin-labelled",
            "VEHICLE_ID",
            _VIN,
            check=lambda v: any(c.isdigit() for c in v) and any(c.isalpha() for c in v),
            labelled=True,
        ),
        Pattern(
            "plate",
            "VEHICLE_ID",
            re.compile(rf"[A-Z0-9]{W}[A-Z0-9]*(?:[ -][A-Z0-9]+){{0,2}}{B}"),
            check=plate,
            labelled=True,
        ),
    ),
    form=Validator("vehicle", vehicle_form),
    context=(
        r"(?:number|licen[cs]e|registration)?[ _-]?plates?|plaque|kennzeichen|targa|matr[ií]cula|"
        r"immatriculation|vin|vehicle[ _-]?identification[ _-]?number",
    ),
    field_keys=(
        Keys(
            r"(?:licen[cs]e|number|registration) plate|plate|vin|kennzeichen|immatriculation|matricula|targa|"
            r"vehicle|registration|reg"
        ),
    ),
    field_shape=lambda v: (
        re.fullmatch(r"[A-Z0-9][A-Z0-9 -]{1,16}[A-Z0-9]", v) is not None
        and any(c.isdigit() for c in v)
        and any(c.isalpha() for c in v)
    ),
    cases=(
        case("VIN 1HGCM82633A004352", "1HGCM82633A004352"),
        case("license plate 7ABC123", "7ABC123"),
        case("ZEBRA-42 is my favourite horse"),
    ),
)

RECORDS = (PERSON, LOCATION, STREET_ADDRESS, DATE_OF_BIRTH, AGE, MEDICAL_RECORD_NUMBER, VEHICLE_ID)
