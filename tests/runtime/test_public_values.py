"""Values of a personal type that belong to no person (verdict.runtime.public_values)."""

from __future__ import annotations

import pytest

from verdict.runtime.public_values import public_value

CASES = [
    ("1-800-799-7233", "toll-free"),  # US National Domestic Violence Hotline
    ("(1-800-662-4357", "toll-free"),  # a span that kept its opening bracket
    ("0808 2000 247", "toll-free"),  # UK freephone: read as GB before it is read as a German landline
    ("0800 1111", "toll-free"),  # Childline
    ("+44 808 808 1677", "toll-free"),
    ("+1 900 555 0100", "premium-rate"),
    ("415-555-0132", None),  # a US line: someone's
    ("07700 900123", None),
    ("+49 30 1234567", None),
    ("not a number", None),
]


@pytest.mark.parametrize(("value", "kind"), CASES)
def test_service_numbers_are_public(value, kind):
    why = public_value("PHONE_NUMBER", value)
    assert (why is None) == (kind is None)
    if kind is not None:
        assert kind in why


def test_only_phone_numbers_have_public_values():
    assert public_value("EMAIL_ADDRESS", "help@samaritans.org") is None
    assert public_value("US_SSN", "1-800-799-7233") is None
