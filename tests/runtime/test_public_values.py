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


def test_only_phones_ips_and_street_addresses_have_public_values():
    assert public_value("EMAIL_ADDRESS", "help@samaritans.org") is None
    assert public_value("STREET_ADDRESS", "12 Baker Street") is None  # no sentence, no public place
    assert public_value("US_SSN", "1-800-799-7233") is None
    assert public_value("PHONE_NUMBER", "192.168.1.1") is None


STREETS = [
    ("The Eiffel Tower's official address is {}; the nearest Métro stop is Bir-Hakeim.", True),
    ("Start at the Musée d'Orsay ({}), housed in a former railway station.", True),
    ("The museum shop is at {}.", True),
    ("The embassy moved last year; its consular section is at {}.", False),  # "moved": not sure whose
    ("I live at {}, right by the tower.", False),
    ("Please ship the prints to {} before the museum opens.", False),
    ("Her flat is at {}.", False),
    ("Meet me at {} tomorrow.", False),  # no public place named
]


@pytest.mark.parametrize(("sentence", "public"), STREETS)
def test_a_street_address_is_public_in_a_sentence_about_a_public_place(sentence, public):
    address = "5 Avenue Anatole France, 75007 Paris"
    text = "Here is the plan. " + sentence.format(address) + " Enjoy."
    start = text.index(address)
    why = public_value("STREET_ADDRESS", address, text=text, start=start, end=start + len(address))
    assert (why is not None) == public
