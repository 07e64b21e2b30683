"""Every format in use (issue 15 item 2): each row is written from the format's specification."""

from __future__ import annotations

import pytest

from verdict.runtime.detectors import (
    DetectContext,
    PatternDetector,
    combine,
    default_detectors,
    run_detectors,
)
from verdict.runtime.detectors.entities import has_form
from verdict.runtime.detectors.identifiers import aba_routing, driver_license, passport, plate, vin
from verdict.runtime.findings import Finding

CTX = DetectContext()


def _found(text: str) -> list[tuple[str, str]]:
    return sorted((f.type, text[f.start : f.end]) for f in PatternDetector().detect(text, CTX))


def _combined(text: str) -> list[tuple[str, str]]:
    rules = run_detectors(text, CTX, default_detectors())
    return sorted((f.type, text[f.start : f.end]) for f in combine([], rules, text))


FORMATS = [
    # SSA: 3-2-4 with dashes, dots or spaces; a bare nine digits only after its label
    ("SSN 078.05.1123 on the form", [("US_SSN", "078.05.1123")]),
    ("social security 212 67 4901", [("US_SSN", "212 67 4901")]),
    ("Her social security number: 536228471", [("US_SSN", "536228471")]),
    ("batch 536228471 shipped", []),
    # IRS: middle group 50-65, 70-88, 90-92, 94-99
    ("ITIN 911-53-1234", [("US_ITIN", "911-53-1234")]),
    ("ITIN: 987.94.2210", [("US_ITIN", "987.94.2210")]),
    ("ITIN 912-89-1234", []),
    # state licence formats, after a label
    ("Florida DL: W426-545-30-761-0", [("US_DRIVER_LICENSE", "W426-545-30-761-0")]),
    ("Michigan driver's license B 413 562 789 012", [("US_DRIVER_LICENSE", "B 413 562 789 012")]),
    ("Washington driver license WDL4H7KQ92ZB", [("US_DRIVER_LICENSE", "WDL4H7KQ92ZB")]),
    ("The software license cost $1,200 in 2024.", []),
    # passports: the line's country decides US or not
    ("US passport number 518207341", [("US_PASSPORT", "518207341")]),
    ("UK passport 923817465", [("PASSPORT", "923817465")]),
    ("French passport number 18AV73412", [("PASSPORT", "18AV73412")]),
    ("Passport photos cost $15 at 2400 Main St.", []),
    # ABA 3-7-1 after a routing label; account numbers after theirs
    ("routing number 021000021", [("BANK_ACCOUNT", "021000021")]),
    ("routing number 021000022", []),
    (
        "Routing: 122000661 Account: 000123456789",
        [("BANK_ACCOUNT", "000123456789"), ("BANK_ACCOUNT", "122000661")],
    ),
    ("Order 40718263951 shipped", []),
    # cards: dots, the UATP range, several on a line
    ("card 2720.7391.0482.6357", [("CREDIT_CARD", "2720.7391.0482.6357")]),
    ("test card 122000000000003", [("CREDIT_CARD", "122000000000003")]),
    (
        "same card: 4739104826351942 / 4739 1048 2635 1942 / 4739-1048-2635-1942",
        [
            ("CREDIT_CARD", "4739 1048 2635 1942"),
            ("CREDIT_CARD", "4739-1048-2635-1942"),
            ("CREDIT_CARD", "4739104826351942"),
        ],
    ),
    ("Visa 4739 1048 2635 1942\n123 Main St", [("CREDIT_CARD", "4739 1048 2635 1942")]),
    # IBAN wrapped over two lines; a mistyped one only after its label
    ("IBAN: DE89 3704 0044\n0532 0130 00 thanks", [("IBAN_CODE", "DE89 3704 0044\n0532 0130 00")]),
    ("IBAN BG80 BNBG 9661 1020 3456 79", [("IBAN_CODE", "BG80 BNBG 9661 1020 3456 79")]),
    ("BG80 BNBG 9661 1020 3456 79 was mistyped", []),
    # DE IdNr: stdnum's digit-repetition rule refused, the check digit passed, the label present
    ("Steuer-IdNr. 11223344553", [("DE_TAX_ID", "11223344553")]),
    ("order 11223344553 shipped", []),
    ("Steuer-IdNr. 11223344554", []),
    # NHS written without spaces after its label
    ("NHS 6349721837", [("UK_NHS", "6349721837")]),
    # vehicles: a VIN by its check digit, a plate after its label
    ("VIN 1HGCM82633A004352", [("VEHICLE_ID", "1HGCM82633A004352")]),
    ("chassis 1HGCM82633A004352", [("VEHICLE_ID", "1HGCM82633A004352")]),
    ("Kennzeichen B-MW 1234", [("VEHICLE_ID", "B-MW 1234")]),
    ("license plate 7ABC123", [("VEHICLE_ID", "7ABC123")]),
    ("ZEBRA-42 is my favourite horse", []),
]


@pytest.mark.parametrize(("text", "expected"), FORMATS)
def test_every_format_in_use(text, expected):
    assert _combined(text) == sorted(expected)


def test_a_labelled_value_its_validator_refuses_is_reported_with_less_confidence():
    (finding,) = PatternDetector().detect("Steuer-IdNr. 11223344553", CTX)
    assert finding.score < 0.95 and finding.explanation == 'label "Steuer-IdNr"'


@pytest.mark.parametrize(
    ("check", "value", "expected"),
    [
        (aba_routing, "021000021", True),
        (aba_routing, "021000022", False),  # 3-7-1 sum is not 0 mod 10
        (aba_routing, "421000028", False),  # prefix 42 is not a Federal Reserve range
        (vin, "1M8GDM9AXKP042788", True),  # check digit X
        (vin, "1M8GDM9A1KP042788", False),
        (driver_license, "S530-4217-8261", True),
        (driver_license, "ABCDE12345", False),  # a word, not a licence
        (passport, "C4J7MN2K9", True),  # German alphabet without vowels
        (passport, "12345", False),
        (plate, "AB12 CDE", True),
        (plate, "ZEBRA-42", False),
    ],
)
def test_identifier_checks(check, value, expected):
    assert check(value) is expected


ONE_TYPE = [
    # (text, the model's reading or None, the one finding left)
    ("call 415-555-0199 now", None, ("PHONE_NUMBER", "415-555-0199")),  # not UK_NHS too
    ("415-555-0199", None, ("PHONE_NUMBER", "415-555-0199")),  # a numbering plan beats mod 11
    ("NHS number 415 555 0199", None, ("UK_NHS", "415 555 0199")),  # the label decides
    ("US: 415-555-0132", ("US_PASSPORT", "415-555-0132"), ("PHONE_NUMBER", "415-555-0132")),
    (
        "IBAN: DE89 3704 0044\n0532 0130 00",
        ("IBAN_CODE", "DE89 3704 0044"),
        ("IBAN_CODE", "DE89 3704 0044\n0532 0130 00"),
    ),
    ("social insurance number 271 447 328", None, ("CA_SIN", "271 447 328")),  # not AU_TFN too
    # the label names both passport types: the rule's reading of the line beats the model's alone
    ("UK passport 923817465", ("US_PASSPORT", "923817465"), ("PASSPORT", "923817465")),
    ("my passport no is 457839210", ("PASSPORT", "457839210"), ("US_PASSPORT", "457839210")),
    ("Account BG80 BNBG 9661 1020 3456 79", None, ("IBAN_CODE", "BG80 BNBG 9661 1020 3456 79")),
]


@pytest.mark.parametrize(("text", "model", "expected"), ONE_TYPE)
def test_each_span_gets_one_type(text, model, expected):
    model_findings = []
    if model is not None:
        start = text.index(model[1])
        model_findings = [Finding("pii", model[0], 0.6, start, start + len(model[1]), "model")]
    rules = run_detectors(text, CTX, default_detectors())
    found = [(f.type, text[f.start : f.end]) for f in combine(model_findings, rules, text) if f.score >= 0.3]
    assert found == [expected]


@pytest.mark.parametrize(
    ("text", "model"),
    [
        ("Card expires 09/29, CVV on the back.", ("DATE_OF_BIRTH", "09/29")),  # MM/YY, not a birth
        ("ZEBRA-42 is my favourite horse", ("VEHICLE_ID", "ZEBRA-42")),  # a word and a number
        ("BG80 BNBG 9661 1020 3456 79 was mistyped", ("VEHICLE_ID", "BG80")),  # a piece of an IBAN shape
        # a palace's postcode in an itinerary: a place, not a plate (verdict/13 read it as one at 0.56)
        ("Finish at Buckingham Palace (SW1A 1AA) for the changing of the guard.", ("VEHICLE_ID", "SW1A 1AA")),
    ],
)
def test_model_readings_without_their_form_are_demoted(text, model):
    start = text.index(model[1])
    finding = Finding("pii", model[0], 0.8, start, start + len(model[1]), "model")
    (kept,) = combine([finding], run_detectors(text, CTX, default_detectors()), text)
    assert kept.score < 0.3 and "form" in kept.explanation


@pytest.mark.parametrize(
    ("entity_type", "value", "expected"),
    [
        ("DATE_OF_BIRTH", "09/29", False),
        ("DATE_OF_BIRTH", "12/05/1990", True),
        ("DATE_OF_BIRTH", "03/1990", True),
        ("US_PASSPORT", "415-555-0132", False),
        ("US_PASSPORT", "A41720391", True),
        ("VEHICLE_ID", "ZEBRA-42", False),
        ("VEHICLE_ID", "1HGCM82633A004352", True),
        # a UK plate: its last three are letters, where a postcode's inward code starts with a digit
        ("VEHICLE_ID", "AB12 CDE", True),
        ("VEHICLE_ID", "SW1A 1AA", False),  # Royal Mail postcode
        ("VEHICLE_ID", "K1A 0B1", False),  # Canada Post postal code
        ("VEHICLE_ID", "A123 BCD", True),
    ],
)
def test_forms_of_model_types(entity_type, value, expected):
    assert has_form(entity_type, value) is expected
