"""What surrounds a format-only match (`detectors.context`, `detectors.surroundings`) and who reads it."""

from __future__ import annotations

import pytest

from verdict.runtime.detectors import DetectContext, PatternDetector, PhoneDetector
from verdict.runtime.detectors.context import named_otherwise
from verdict.runtime.detectors.surroundings import glued, reads_as_version

CTX = DetectContext()


def _at(text: str, value: str) -> tuple[int, int]:
    start = text.index(value)
    return start, start + len(value)


GLUED = [
    ("order 1Z6709426639999844 shipped", "6709426639999844", "", True),
    ("id_4539148803436467", "4539148803436467", "", True),
    ("card 4539148803436467.", "4539148803436467", "", False),
    ("(415) 555-0132, later", "415", "", False),
    ("xoxp-835198746271-0530492878512-dd2a", "0530492878512", "-", True),
    ("xoxp-835198746271-0530492878512-dd2a", "0530492878512", "", False),
    ("/projects/a0558d868803a/08042350", "08042350", "-_/.", True),
    ("call 555-0132 - thanks", "555-0132", "-_/.", False),
]


@pytest.mark.parametrize(("text", "value", "joiners", "expected"), GLUED)
def test_glued(text, value, joiners, expected):
    assert glued(text, *_at(text, value), joiners) is expected


LABELS = [
    ("MRN: 495-963-837", "495-963-837", "CA_SIN", True),
    ("tax file no. 724 312 673", "724 312 673", "CA_SIN", True),
    ("tax_file_number: 947924781", "947924781", "US_ITIN", True),
    ("patient_nhs: 926 845 6656", "926 845 6656", "PHONE_NUMBER", True),
    ("SSN on the W-2: 447-86-6792 Passport 053761884", "053761884", "PHONE_NUMBER", True),
    ("Konto: 09081383", "09081383", "PHONE_NUMBER", True),
    ("SIN: 130-456-288", "130-456-288", "CA_SIN", False),
    ("taxpayer id 912-78-1234", "912-78-1234", "US_ITIN", False),
    ("MRN 12345, phone 415 555 0132", "415 555 0132", "PHONE_NUMBER", False),  # the nearest label wins
    ("no label 130-456-288", "130-456-288", "CA_SIN", False),
    ("Passport:\n130-456-288", "130-456-288", "CA_SIN", False),  # a label on another line
    ("using 130-456-288", "130-456-288", "CA_SIN", False),  # "sin" inside a word is no label
]


@pytest.mark.parametrize(("text", "value", "entity_type", "expected"), LABELS)
def test_named_otherwise(text, value, entity_type, expected):
    assert named_otherwise(text, _at(text, value)[0], entity_type) is expected


VERSIONS = [
    ("Upgrade to 5.0.96.229 to pick up the fix", "5.0.96.229", True),
    ("Commit 2c13494 bumped the package to 1.0.71.81", "1.0.71.81", True),
    ("App version 5.5.72.202", "5.5.72.202", True),
    ("the fix; 13.1.72.72 had the regression.", "13.1.72.72", True),
    ("the server at 203.0.113.7 is down", "203.0.113.7", False),
    ("version\n203.0.113.7 logged in", "203.0.113.7", False),  # the word is on another line
]


@pytest.mark.parametrize(("text", "value", "expected"), VERSIONS)
def test_reads_as_version(text, value, expected):
    assert reads_as_version(text, *_at(text, value)) is expected


PHONES = [
    ("2024-05-02 10:14:07 INFO worker started", []),
    ("request id ebc3424a-3623-472a-8642-3549a0711113 failed", []),
    ("see https://app.service.io/projects/a0558d868803a08042350", []),
    ("Part number Z036-7076-55", []),
    ("X-Api-Key: xoxp-835198746271-509766211512-0530492878512-dd2a0d26", []),
    ("order/415-555-0132 and ref 415-555-0133-A", []),
    ("Passport 053761884", []),
    ("Konto: 09081383", []),
    ("record number 099-771-109", []),
    ("de_tax: 14 312 890 155", []),
    ("phone: 415-555-0132.", ["415-555-0132"]),
    ("Tel:+44 20 7946 0958", ["+44 20 7946 0958"]),
    ("MRN 12345, phone 415 555 0132", ["415 555 0132"]),
    ("telefono: +4915123412194", ["+4915123412194"]),
]


@pytest.mark.parametrize(("text", "expected"), PHONES)
def test_phones_stand_alone(text, expected):
    assert [text[f.start : f.end] for f in PhoneDetector().detect(text, CTX)] == expected


PATTERNS = [
    # RFC 2606 / 6761 documentation addresses
    ("In the docs, use a placeholder like user@example.com", []),
    ("or admin@example.net, ops@mail.example.org", []),
    ("x@foo.test y@bar.invalid z@host.localhost w@docs.example", []),
    ("mail maria@examples.com", [("EMAIL_ADDRESS", "maria@examples.com")]),
    # a checksum candidate glued into a longer token, or after the "+" of a phone number
    # (the licence itself is one now: a California number after its label)
    ("Driver's license: C6575212 Order 1Z6709426639999844", [("US_DRIVER_LICENSE", "C6575212")]),
    ('"telefono": "+4915123412194"', []),
    ("card:4539148803436467.", [("CREDIT_CARD", "4539148803436467")]),
    # release numbers
    ("Upgrade to 18.0.84.964 to pick up the fix; 13.1.72.72 had the regression.", []),
    ("App version 5.5.72.202", []),
    ("bumped the package to 1.0.71.81", []),
    ("v1.2.3.4", []),
    (
        "http://203.0.113.7/api and 203.0.113.8:8080",
        [("IP_ADDRESS", "203.0.113.7"), ("IP_ADDRESS", "203.0.113.8")],
    ),
    # the label names another type
    ("MRN: 495-963-837", []),
    ("tax file no. 724 312 673", [("AU_TFN", "724 312 673")]),
    ("tax_file_number: 947924781", []),
    ("SIN: 130-456-288", [("CA_SIN", "130-456-288")]),
    ("ITIN 912-78-1234", [("US_ITIN", "912-78-1234")]),
]


@pytest.mark.parametrize(("text", "expected"), PATTERNS)
def test_patterns_read_their_surroundings(text, expected):
    assert sorted((f.type, text[f.start : f.end]) for f in PatternDetector().detect(text, CTX)) == sorted(
        expected
    )


def test_documentation_addresses_are_reported_when_asked():
    text = "mail bob@example.com"
    assert PatternDetector().detect(text, CTX) == []
    (found,) = PatternDetector(report_documentation=True).detect(text, CTX)
    assert (found.type, text[found.start : found.end]) == ("EMAIL_ADDRESS", "bob@example.com")
