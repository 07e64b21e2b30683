"""A private person's name beside their contact data is a PERSON (issue 15 item 6, rule A):
`contact_person` on findings given here, then end to end with the shipped model and the default policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verdict.governance.policy.verdict import Action
from verdict.runtime.detectors.contact_person import DETECTOR, SCORE, contact_persons
from verdict.runtime.detectors.names import NAMES_RESOURCE, build_name_lists
from verdict.runtime.findings import Finding

ROOT = Path(__file__).resolve().parents[2]


def _finding(text: str, entity_type: str, value: str, detector: str = "model") -> Finding:
    start = text.index(value)
    return Finding("pii", entity_type, 0.95, start, start + len(value), detector)


def _persons(text: str, *contacts: tuple[str, str]) -> list[str]:
    findings = [_finding(text, t, v) for t, v in contacts]
    return [text[f.start : f.end] for f in contact_persons(findings, text) if f.type == "PERSON"]


# (text, contact findings as (type, value), the PERSON values expected)
CASES = [
    (
        "Sure, email John Smith at john.smith@gmail.com or call +1 415 555 0132.",
        [("EMAIL_ADDRESS", "john.smith@gmail.com"), ("PHONE_NUMBER", "+1 415 555 0132")],
        ["John Smith"],
    ),
    (
        "For questions: jsmith@contoso.com (John Smith, HR).",
        [("EMAIL_ADDRESS", "jsmith@contoso.com")],
        ["John Smith"],
    ),
    (
        "Questions go to Oluwaseun Adeyemi (adeyemi.o@mailbox.org).",
        [("EMAIL_ADDRESS", "adeyemi.o@mailbox.org")],
        ["Oluwaseun Adeyemi"],
    ),
    (
        "Jean-Luc Picard: jl.picard@starfleet.org",
        [("EMAIL_ADDRESS", "jl.picard@starfleet.org")],
        ["Jean-Luc Picard"],
    ),
    ("Write to Mark at mark@acme.io about the invoice.", [("EMAIL_ADDRESS", "mark@acme.io")], ["Mark"]),
    (
        "You can reach Priya Raman on (415) 555-0132 today.",
        [("PHONE_NUMBER", "(415) 555-0132")],
        ["Priya Raman"],
    ),
    (
        "Dear Anna Schmidt, your new number is 030 1234567.",
        [("PHONE_NUMBER", "030 1234567")],
        ["Anna Schmidt"],
    ),
    (
        "Ship it to Maria Lopez, 1420 Oak Street, Apt 3B, Springfield, IL 62704.",
        [("STREET_ADDRESS", "1420 Oak Street, Apt 3B, Springfield, IL 62704")],
        ["Maria Lopez"],
    ),
    # a paragraph's lines are one sentence (`sentences.sentence`); a blank line parts them
    ("You can reach John Smith at:\n+1 415 555 0132", [("PHONE_NUMBER", "+1 415 555 0132")], ["John Smith"]),
    (
        "Famous residents:\n- Albert Einstein\n- Marie Curie\n\nFor tours, call (415) 555-0100.",
        [("PHONE_NUMBER", "(415) 555-0100")],
        [],
    ),
    # the name line of an address block, whether the model's address took it or not
    (
        "Send the letter to:\nHans Becker\nLindenstraße 14\n10115 Berlin",
        [("STREET_ADDRESS", "Lindenstraße 14\n10115 Berlin")],
        ["Hans Becker"],
    ),
    (
        "Send the letter to:\nHans Becker\nLindenstraße 14\n10115 Berlin",
        [("STREET_ADDRESS", "Becker\nLindenstraße 14\n10115 Berlin")],
        ["Hans Becker"],
    ),
    # a span without its type's form hides no name: the model reads the surname as an EMAIL_ADDRESS on
    # some texts ("Jones", demoted by `combination`); a value with the form keeps its words out of one
    (
        "Ask Peter Jones (peter.jones@example.org) for the slides.",
        [("EMAIL_ADDRESS", "Jones"), ("EMAIL_ADDRESS", "peter.jones@example.org")],
        ["Peter Jones"],
    ),
    ("Write to John.Smith@Gmail.com today.", [("EMAIL_ADDRESS", "John.Smith@Gmail.com")], []),
    (
        "Ask the Louvre Museum (info@louvre.fr) for tickets.",
        [("EMAIL_ADDRESS", "Museum"), ("EMAIL_ADDRESS", "info@louvre.fr")],
        [],
    ),
    # organisations, places and public figures are no contact's name
    (
        "Contact the Louvre at +33 1 40 20 50 50 for group bookings.",
        [("PHONE_NUMBER", "+33 1 40 20 50 50")],
        [],
    ),
    ("Call Thomas Edison Museum at (973) 736-0550.", [("PHONE_NUMBER", "(973) 736-0550")], []),
    ("Contact Victoria Station lost property on 020 7946 0958.", [("PHONE_NUMBER", "020 7946 0958")], []),
    ("Email the Marketing Team at marketing@acme.com.", [("EMAIL_ADDRESS", "marketing@acme.com")], []),
    (
        "Barack Obama served as the 44th president. Call (415) 555-0100 for tours.",
        [("PHONE_NUMBER", "(415) 555-0100")],
        [],
    ),
    (
        "Grace Hopper wrote the first compiler. Questions: (415) 555-0100.",
        [("PHONE_NUMBER", "(415) 555-0100")],
        [],
    ),
    # a service line is an organisation's, not a person's; so is a public place's address
    ("Call Maria Lopez at the helpline 1-800-799-7233.", [("PHONE_NUMBER", "1-800-799-7233")], []),
    (
        "Contact Maria Lopez at the Louvre Museum, 99 Rue de Rivoli, 75001 Paris.",
        [("STREET_ADDRESS", "99 Rue de Rivoli, 75001 Paris")],
        [],
    ),
    (
        "Ship it to Maria Lopez, 99 Rue de Rivoli, 75001 Paris, by the Louvre Museum.",
        [("STREET_ADDRESS", "99 Rue de Rivoli, 75001 Paris")],
        ["Maria Lopez"],
    ),
]


@pytest.mark.parametrize(("text", "contacts", "expected"), CASES)
def test_names_beside_contact_data(text, contacts, expected):
    assert _persons(text, *contacts) == expected


def test_without_contact_data_nothing_changes():
    text = "Barack Obama served as the 44th president of the United States."
    findings = [_finding(text, "PERSON", "Barack"), _finding(text, "PERSON", "Obama")]
    assert contact_persons(findings, text) == findings


def test_the_finding_names_its_detector_and_scores_under_the_model():
    text = "Sure, email John Smith at john.smith@gmail.com."
    (person,) = [
        f
        for f in contact_persons([_finding(text, "EMAIL_ADDRESS", "john.smith@gmail.com")], text)
        if f.type == "PERSON"
    ]
    assert (person.detector, person.score) == (DETECTOR, SCORE) and SCORE < 0.9
    assert "EMAIL_ADDRESS" in person.explanation


def test_a_model_person_is_widened_and_keeps_its_name():
    text = "Sure, email John Smith at john.smith@gmail.com."
    findings = [_finding(text, "PERSON", "John"), _finding(text, "EMAIL_ADDRESS", "john.smith@gmail.com")]
    (person,) = [f for f in contact_persons(findings, text) if f.type == "PERSON"]
    assert text[person.start : person.end] == "John Smith"
    assert person.detector == f"model+{DETECTOR}" and person.score == 0.95


def test_an_address_that_took_the_name_line_starts_below_it():
    text = "Send the letter to:\nHans Becker\nLindenstraße 14\n10115 Berlin"
    found = contact_persons([_finding(text, "STREET_ADDRESS", "Becker\nLindenstraße 14\n10115 Berlin")], text)
    assert sorted((f.type, text[f.start : f.end]) for f in found) == [
        ("PERSON", "Hans Becker"),
        ("STREET_ADDRESS", "Lindenstraße 14\n10115 Berlin"),
    ]


def test_shipped_name_lists_are_fakers(tmp_path):
    pytest.importorskip("faker")
    shipped = json.loads(
        (ROOT / "verdict" / "runtime" / "detectors" / NAMES_RESOURCE).read_text(encoding="utf-8")
    )
    assert build_name_lists(tmp_path / NAMES_RESOURCE) == shipped


# End to end: the shipped model (a real ONNX Runtime session) and the shipped default policy.
REDACTED = [
    (
        "Sure, email John Smith at john.smith@gmail.com or call +1 415 555 0132.",
        "Sure, email <PERSON> at <EMAIL_ADDRESS> or call <PHONE_NUMBER>.",
    ),
    (
        "You can reach Priya Raman on (415) 555-0132 or priya.raman@outlook.com.",
        "You can reach <PERSON> on <PHONE_NUMBER> or <EMAIL_ADDRESS>.",
    ),
    (
        "Ship it to Maria Lopez, 1420 Oak Street, Apt 3B, Springfield, IL 62704.",
        "Ship it to <PERSON>, <STREET_ADDRESS>.",
    ),
    (
        "Send the letter to:\nHans Becker\nLindenstraße 14\n10115 Berlin",
        "Send the letter to:\n<PERSON>\n<STREET_ADDRESS>",
    ),
    (
        "Please write to Hans Becker, Lindenstraße 14, 10115 Berlin.",
        "Please write to <PERSON>, <STREET_ADDRESS>.",
    ),
]
ALLOWED = [
    "Barack Obama served as the 44th president of the United States.",
    # No contact data: no name is read from it.
    "Marie Curie won Nobel Prizes in physics and chemistry.",
    # A landmark's street address (the model and the address rule find it) belongs to no person: the
    # default policy's STREET_ADDRESS `public: allow` (runtime.public_values.public_place).
    "The Eiffel Tower's official address is Champ de Mars, 5 Avenue Anatole France, 75007 Paris; the "
    "nearest Métro stop is Bir-Hakeim on line 6.",
    "The Eiffel Tower's address is Champ de Mars, 5 Avenue Anatole France, 75007 Paris.",
]


@pytest.mark.parametrize(("text", "redacted"), REDACTED)
def test_shipped_model_and_policy_redact_the_name_with_its_contact_data(decide_text, text, redacted):
    _, verdict = decide_text(text)
    assert (verdict.action, verdict.redacted_text) == (Action.REDACT, redacted)


@pytest.mark.parametrize("text", ALLOWED)
def test_public_figures_and_landmarks_stay_allowed(decide_text, text):
    _, verdict = decide_text(text)
    assert verdict.action == Action.ALLOW


def test_an_organisation_beside_its_number_is_no_person(decide_text):
    analysis, verdict = decide_text("Contact the Louvre at +33 1 40 20 50 50 for group bookings.")
    assert "PERSON" not in {f.type for f in analysis.findings}
    assert verdict.redacted_text == "Contact the Louvre at <PHONE_NUMBER> for group bookings."
