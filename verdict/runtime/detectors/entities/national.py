"""National identity and tax numbers: each country's format, check and the words that name it."""

from __future__ import annotations

import re

from stdnum.au import tfn
from stdnum.ca import sin
from stdnum.de import idnr
from stdnum.es import nif
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.in_ import aadhaar, pan
from stdnum.it import codicefiscale
from stdnum.us import ssn

from verdict.runtime.detectors.checksums import itin, nino, separated
from verdict.runtime.detectors.entities.fragments import DD, ED, B, D, E, W
from verdict.runtime.detectors.entities.record import (
    LABELLED_ONLY_SCORE,
    EntityRecord,
    Keys,
    Pattern,
    Validator,
    case,
)
from verdict.runtime.detectors.entities.shared import TAX_KEYS, TAX_LABEL
from verdict.runtime.detectors.identifiers import idnr_digits

US_SSN = EntityRecord(
    "US_SSN",
    presidio="US_SSN",
    patterns=(
        Pattern("ssn", "US_SSN", re.compile(rf"[0-9]{DD}[0-9]{{2}}([-. ])[0-9]{{2}}\1[0-9]{{4}}{ED}")),
        Pattern("ssn-bare", "US_SSN", re.compile(rf"[0-9]{D}[0-9]{{8}}{E}"), labelled=True),
    ),
    validator=Validator("ssn", separated(ssn.is_valid)),
    context=(r"ssn|social[ _-]?security",),
    field_keys=(Keys(r"ssns?|social ?security|soc ?sec|ss ?no"),),
    redaction="mask",
    cases=(
        case("My SSN is 536-22-8471.", "536-22-8471"),
        case("SSN 078.05.1123 on the form", "078.05.1123"),
        case("Her social security number: 536228471", "536228471"),
        case("SSN 666-12-3456 is never issued"),
        case("batch 123456789 shipped on Monday"),
    ),
)

US_ITIN = EntityRecord(
    "US_ITIN",
    presidio="US_ITIN",
    patterns=(
        Pattern(
            "itin",
            "US_ITIN",
            re.compile(rf"9{DD}[0-9]{{2}}([-. ]?)[5-9][0-9]\1[0-9]{{4}}{ED}"),
            quiet_after_other_label=True,
        ),
    ),
    validator=Validator("itin", itin),
    context=(r"itin|individual[ _-]?taxpayer", TAX_LABEL),
    field_keys=(Keys(r"itin|individual taxpayer"), TAX_KEYS),
    cases=(
        case("ITIN 911-53-1234", "911-53-1234"),
        case("ITIN: 987.94.2210", "987.94.2210"),
        case("ITIN 912-89-1234 is outside the IRS ranges"),
    ),
)

UK_NINO = EntityRecord(
    "UK_NINO",
    presidio="UK_NINO",
    patterns=(
        Pattern(
            "nino", "UK_NINO", re.compile(rf"[A-Z]{W}[A-Z] ?[0-9]{{2}} ?[0-9]{{2}} ?[0-9]{{2}} ?[A-D]{B}")
        ),
    ),
    validator=Validator("nino", nino),
    field_keys=(Keys(r"nino|ni|national insurance"),),
    cases=(
        case("NI number AB 12 34 56 C", "AB 12 34 56 C"),
        case("NINO: JG103759A", "JG103759A"),
        case("code QQ 12 34 56 C in the manual"),
    ),
)

UK_NHS = EntityRecord(
    "UK_NHS",
    presidio="UK_NHS",
    patterns=(
        Pattern("nhs", "UK_NHS", re.compile(rf"[0-9]{D}[0-9]{{2}}([ -])[0-9]{{3}}\1[0-9]{{4}}{E}")),
        Pattern("nhs-bare", "UK_NHS", re.compile(rf"[0-9]{D}[0-9]{{9}}{E}"), labelled=True),
    ),
    validator=Validator("nhs", nhs.is_valid),
    context=(r"nhs",),
    field_keys=(Keys(r"nhs"),),
    cases=(
        case("NHS number 485 777 3457", "485 777 3457"),
        case("NHS 6349721837", "6349721837"),
        case("call 415-555-0199 now"),
    ),
)

ES_NIF = EntityRecord(
    "ES_NIF",
    presidio="ES_NIF",
    patterns=(Pattern("nif", "ES_NIF", re.compile(rf"[0-9XYZ]{W}[0-9]{{7}}-?[A-Z]{B}")),),
    validator=Validator("nif", nif.is_valid),
    field_keys=(Keys(r"nif|nie|dni"), TAX_KEYS),
    cases=(
        case("DNI 48291735S", "48291735S"),
        case("NIE X1234567L", "X1234567L"),
        case("DNI 48291735A has the wrong letter"),
    ),
)

IT_FISCAL_CODE = EntityRecord(
    "IT_FISCAL_CODE",
    presidio="IT_FISCAL_CODE",
    patterns=(
        Pattern(
            "codicefiscale",
            "IT_FISCAL_CODE",
            re.compile(
                rf"[A-Z]{W}[A-Z]{{5}}[0-9LMNPQRSTUV]{{2}}[A-EHLMPRST][0-9LMNPQRSTUV]{{2}}[A-Z][0-9LMNPQRSTUV]{{3}}[A-Z]{B}"
            ),
        ),
    ),
    validator=Validator("codicefiscale", codicefiscale.is_valid),
    field_keys=(Keys(r"codice fiscale|cod ?fisc|cf"),),
    cases=(
        case("codice fiscale RSSMRA85T10A562S", "RSSMRA85T10A562S"),
        case("omocodia: RSSMRA85T1LA562V", "RSSMRA85T1LA562V"),
        case("codice fiscale RSSMRA85T10A562X has a wrong check letter"),
    ),
)

DE_TAX_ID = EntityRecord(
    "DE_TAX_ID",
    patterns=(
        Pattern("idnr", "DE_TAX_ID", re.compile(rf"[0-9]{D}[0-9] ?[0-9]{{3}} ?[0-9]{{3}} ?[0-9]{{3}}{E}")),
        Pattern(
            "idnr-labelled",
            "DE_TAX_ID",
            re.compile(rf"[0-9]{D}[0-9] ?[0-9]{{3}} ?[0-9]{{3}} ?[0-9]{{3}}{E}"),
            check=idnr_digits,
            algo="mod_11_10",
            labelled=True,
            score=LABELLED_ONLY_SCORE,
        ),
    ),
    validator=Validator("idnr", idnr.is_valid),
    context=(r"steueridentifikationsnummer|steuer[ _-]?id(?:nr)?|idnr", TAX_LABEL),
    field_keys=(Keys(r"steuer ?id|steueridentifikationsnummer|idnr|steuernummer"), TAX_KEYS),
    cases=(
        case("Steuer-ID 26957483184", "26957483184"),
        case("Steuer-IdNr. 11223344553", "11223344553"),
        case("order 11223344553 shipped"),
    ),
)

FR_NIR = EntityRecord(
    "FR_NIR",
    patterns=(
        Pattern(
            "nir",
            "FR_NIR",
            re.compile(
                rf"[12]{W} ?[0-9]{{2}} ?(?:0[1-9]|1[0-2]|[2-9][0-9]) ?(?:[0-9]{{2}}|2[AB]) ?[0-9]{{3}} ?[0-9]{{3}} ?[0-9]{{2}}{E}"
            ),
        ),
    ),
    validator=Validator("nir", nir.is_valid),
    field_keys=(Keys(r"nir|insee|securite sociale"),),
    cases=(
        case("numéro de sécurité sociale 1 85 05 75 112 345 29", "1 85 05 75 112 345 29"),
        case("numéro 1 85 05 75 112 345 30 with a wrong key"),
    ),
)

IN_PAN = EntityRecord(
    "IN_PAN",
    presidio="IN_PAN",
    patterns=(
        Pattern("pan", "IN_PAN", re.compile(rf"[A-Z]{W}[A-Z]{{2}}[ABCFGHLJPT][A-Z][0-9]{{4}}[A-Z]{B}")),
    ),
    validator=Validator("pan", pan.is_valid),
    context=(r"permanent[ _-]?account[ _-]?number|pan",),
    field_keys=(Keys(r"pan|permanent account"), TAX_KEYS),
    cases=(
        case("PAN: AFZPK7190K", "AFZPK7190K"),
        case("Company PAN BNZCB2318J", "BNZCB2318J"),
        case("model ABCDE1234F is sold out"),
    ),
)

IN_AADHAAR = EntityRecord(
    "IN_AADHAAR",
    presidio="IN_AADHAAR",
    patterns=(
        Pattern("aadhaar", "IN_AADHAAR", re.compile(rf"[2-9]{D}[0-9]{{3}}([ -]?)[0-9]{{4}}\1[0-9]{{4}}{E}")),
    ),
    validator=Validator("verhoeff", aadhaar.is_valid),
    field_keys=(Keys(r"aadhaa?r|uidai|uid"),),
    cases=(
        case("Aadhaar 2345 6789 0124", "2345 6789 0124"),
        case("UID 4567-8123-4562", "4567-8123-4562"),
        case("Aadhaar 2345 6789 0125 fails Verhoeff"),
    ),
)

AU_TFN = EntityRecord(
    "AU_TFN",
    presidio="AU_TFN",
    patterns=(
        Pattern(
            "tfn",
            "AU_TFN",
            re.compile(rf"[0-9]{D}[0-9]{{2}} [0-9]{{3}} [0-9]{{3}}{E}"),
            quiet_after_other_label=True,
        ),
    ),
    validator=Validator("tfn", tfn.is_valid),
    context=(r"tax[ _.-]?file|tfn", TAX_LABEL),
    field_keys=(Keys(r"tfn|tax file"), TAX_KEYS),
    cases=(
        case("TFN 876 543 210", "876 543 210"),
        case("social insurance number 271 447 328"),
    ),
)

CA_SIN = EntityRecord(
    "CA_SIN",
    patterns=(
        Pattern(
            "sin",
            "CA_SIN",
            re.compile(rf"[0-9]{D}[0-9]{{2}}([ -])[0-9]{{3}}\1[0-9]{{3}}{E}"),
            quiet_after_other_label=True,
        ),
    ),
    validator=Validator("sin", sin.is_valid),
    context=(r"sin|social[ _-]?insurance",),
    field_keys=(Keys(r"sin|social insurance"),),
    cases=(
        case("SIN 192-837-466", "192-837-466"),
        case("social insurance number 271 447 328", "271 447 328"),
        case("MRN: 495-963-837"),
    ),
)

RECORDS = (
    US_SSN,
    US_ITIN,
    UK_NINO,
    UK_NHS,
    ES_NIF,
    IT_FISCAL_CODE,
    DE_TAX_ID,
    FR_NIR,
    IN_PAN,
    IN_AADHAAR,
    AU_TFN,
    CA_SIN,
)
