"""Whole street addresses (issue 15 item 6, rule B): a STREET_ADDRESS span grows over the unit, city,
state, postcode and country after it, and nothing of an address is left between two spans."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.runtime.generated_addresses import components, seeded, street_line
from verdict.runtime.detectors.addresses import whole_addresses
from verdict.runtime.findings import Finding


def _address(text: str, value: str, detector: str = "model") -> Finding:
    start = text.index(value)
    return Finding("pii", "STREET_ADDRESS", 0.9, start, start + len(value), detector)


def _grown(text: str, *values: str) -> list[str]:
    found = whole_addresses([_address(text, v) for v in values], text)
    return sorted(text[f.start : f.end] for f in found if f.type == "STREET_ADDRESS")


# (text, the model's address spans, the addresses after growing)
CASES = [
    (
        "Ship it to Maria Lopez, 1420 Oak Street, Apt 3B, Springfield, IL 62704.",
        ["1420 Oak Street", "62704"],
        ["1420 Oak Street, Apt 3B, Springfield, IL 62704"],
    ),
    (
        "She lives at 33 Maple Avenue, Suite 200, Austin, TX 78701; ask her.",
        ["33 Maple Avenue"],
        ["33 Maple Avenue, Suite 200, Austin, TX 78701"],
    ),
    (
        "Lindenstraße 14\n10115 Berlin\nDeutschland",
        ["Lindenstraße 14"],
        ["Lindenstraße 14\n10115 Berlin\nDeutschland"],
    ),
    ("Via Roma 12, I-00184 Roma, Italia.", ["Via Roma 12"], ["Via Roma 12, I-00184 Roma, Italia"]),
    (
        "221B Baker Street, London NW1 6XE, United Kingdom",
        ["221B Baker Street"],
        ["221B Baker Street, London NW1 6XE, United Kingdom"],
    ),
    ("Flat 2, 14 High Road #4, Leeds LS1 4AP", ["14 High Road"], ["14 High Road #4, Leeds LS1 4AP"]),
    (
        "12 Rue de Rivoli, 3rd Floor, 75001 Paris, France",
        ["12 Rue de Rivoli"],
        ["12 Rue de Rivoli, 3rd Floor, 75001 Paris, France"],
    ),
    (
        "Send it to 500 King St W, Toronto, ON M5V 2T6.",
        ["500 King St W"],
        ["500 King St W, Toronto, ON M5V 2T6"],
    ),
    ("Post it to 24 Sussex Drive, Ottawa K1A 0B1.", ["24 Sussex Drive"], ["24 Sussex Drive, Ottawa K1A 0B1"]),
    (
        "100 George Street, Sydney NSW 2000, Australia",
        ["100 George Street"],
        ["100 George Street, Sydney NSW 2000, Australia"],
    ),
    (
        "12 MG Road, Indiranagar, Bengaluru - 560038",
        ["12 MG Road"],
        ["12 MG Road, Indiranagar, Bengaluru - 560038"],
    ),
    (
        "Kalverstraat 1\n1012 NX Amsterdam\nNederland",
        ["Kalverstraat 1"],
        ["Kalverstraat 1\n1012 NX Amsterdam\nNederland"],
    ),
    ("Nørregade 5, 1165 København K.", ["Nørregade 5"], ["Nørregade 5, 1165 København K"]),
    # a place's abbreviated name ends its line and the country follows (Faker's "St. Michael/Kastelr.")
    (
        "Strada Ricciotti 5\n39057 St. Michael/Kastelr.\nItalia",
        ["Strada Ricciotti 5"],
        ["Strada Ricciotti 5\n39057 St. Michael/Kastelr.\nItalia"],
    ),
    ("Via Roma 5\n75007 Paris.\nThanks, Bob", ["Via Roma 5"], ["Via Roma 5\n75007 Paris"]),
    # a state's postcode starts with the state's digits; four digits before a common word are a year
    ("12 Oak Street, WA 2000 visitors came.", ["12 Oak Street"], ["12 Oak Street"]),
    ("Meet at 12 Oak Street, 2024 Annual Report in hand.", ["12 Oak Street"], ["12 Oak Street"]),
    # a city alone ends the sentence on the address's own line
    ("I moved to 12 Oak Street, Springfield.", ["12 Oak Street"], ["12 Oak Street, Springfield"]),
    # what follows that is no address component stays out
    ("Meet me at 12 Oak Street, Monday works better.", ["12 Oak Street"], ["12 Oak Street"]),
    ("Deliver to 12 Oak Street\nThanks, Bob", ["12 Oak Street"], ["12 Oak Street"]),
    ("Deliver to 12 Oak Street, room for two.", ["12 Oak Street"], ["12 Oak Street"]),
    ("12 Oak Street, Florida is warm", ["12 Oak Street"], ["12 Oak Street"]),
]


@pytest.mark.parametrize(("text", "spans", "expected"), CASES)
def test_address_grows_over_its_components(text, spans, expected):
    assert _grown(text, *spans) == expected


def test_a_field_value_ends_where_its_cell_does():
    text = "address: 742 Evergreen Terrace\nSpringfield, IL 62704"
    found = whole_addresses([_address(text, "742 Evergreen Terrace", "field")], text)
    assert [text[f.start : f.end] for f in found] == ["742 Evergreen Terrace"]


def test_a_city_inside_the_address_is_taken_in():
    text = "1420 Oak Street, Apt 3B, Springfield, IL 62704"
    city = Finding("pii", "LOCATION", 0.8, text.index("Springfield"), text.index("Springfield") + 11, "model")
    found = whole_addresses([_address(text, "1420 Oak Street"), city], text)
    assert [(f.type, text[f.start : f.end]) for f in found] == [("STREET_ADDRESS", text)]


def test_without_an_address_span_nothing_is_found():
    text = "The Eiffel Tower's official address is Champ de Mars, 5 Avenue Anatole France, 75007 Paris."
    assert whole_addresses([], text) == []


# Generated addresses: Faker's street lines with its units, cities, states, ZIPs and postcodes, written
# on one line or as a block; the model's span is the street line alone.
LOCALES = ("en_US", "en_GB", "en_CA", "de_DE", "fr_FR", "it_IT", "nl_NL")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    locale=st.sampled_from(LOCALES),
    separator=st.sampled_from([", ", "\n", ",\n"]),
    end=st.sampled_from(["", ".", "\n\nThanks!"]),
)
def test_a_generated_address_leaves_no_component_in_clear(seed, locale, separator, end):
    fake = seeded(locale, seed)
    street = street_line(fake)
    block = separator.join([street, *components(fake, locale)])
    text = f"Please send it to:\n{block}{end}"
    (found,) = [f for f in whole_addresses([_address(text, street)], text) if f.type == "STREET_ADDRESS"]
    assert text[found.start : found.end] == block


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        (
            ["Lopez, 1420 Oak Street"],
            ["1420 Oak Street, Apt 3B, Springfield, IL 62704"],
        ),  # one span from the name
        (
            ["Lopez", "1420 Oak Street"],
            ["1420 Oak Street, Apt 3B, Springfield, IL 62704"],
        ),  # the name's own span
    ],
)
def test_the_end_of_a_name_before_the_street_is_no_part_of_the_address(spans, expected):
    """verdict/9 tags "Lopez" of "Maria Lopez, 1420 Oak Street" as STREET_ADDRESS; joined to the street it
    hid the name from `contact_person` and left "Maria" in clear."""
    text = "Ship it to Maria Lopez, 1420 Oak Street, Apt 3B, Springfield, IL 62704."
    assert _grown(text, *spans) == expected


def test_a_unit_written_before_the_street_stays_in_the_address():
    text = "Suite A, 100 Main Street, Springfield, IL 62704"
    assert _grown(text, "Suite A, 100 Main Street") == [text]
    text = "Ship to Flat 2, 10 Downing Street, London SW1A 2AA."
    assert _grown(text, "Flat 2, 10 Downing Street") == ["Flat 2, 10 Downing Street, London SW1A 2AA"]
