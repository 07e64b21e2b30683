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


ADDRESSES = [
    ("192.168.1.1", "private"),  # a home router
    ("10.0.3.17", "private"),
    ("172.16.0.5", "private"),
    ("127.0.0.1", "loopback"),
    ("::1", "loopback"),
    ("fe80::1%eth0", "link-local"),
    ("169.254.10.20", "link-local"),
    ("203.0.113.7", "documentation"),  # RFC 5737
    ("2001:db8::42", "documentation"),  # RFC 3849
    ("fd12:3456:789a::1", "private"),  # a unique local address
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped: judged by its IPv4 part
    ("224.0.0.251", "multicast"),  # mDNS
    ("0.0.0.0", "unspecified"),
    ("8.8.8.8", None),  # a public address could be someone's connection
    ("81.2.69.142", None),
    ("2a00:1450:4009:81f::200e", None),
    ("::ffff:81.2.69.142", None),
    ("not an address", None),
]


@pytest.mark.parametrize(("value", "kind"), ADDRESSES)
def test_reserved_ip_addresses_are_public(value, kind):
    why = public_value("IP_ADDRESS", value)
    assert (why is None) == (kind is None), why
    if kind is not None:
        assert kind in why or (kind == "documentation" and "private" in why)


def test_only_phone_numbers_and_ip_addresses_have_public_values():
    assert public_value("EMAIL_ADDRESS", "help@samaritans.org") is None
    assert public_value("US_SSN", "1-800-799-7233") is None
    assert public_value("PHONE_NUMBER", "192.168.1.1") is None
