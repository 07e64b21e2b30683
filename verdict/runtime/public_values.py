"""Values of a personal type that belong to no person: what a policy may leave alone.

A toll-free, shared-cost, premium-rate or universal-access number is an organisation's service line, not
anybody's phone: "call the National Domestic Violence Hotline at 1-800-799-7233", "Samaritans: 116 123",
"Childline on 0800 1111". Redacting one from a crisis reply removes the help the reply exists to give.
libphonenumber knows each country's service ranges; a national number is read in the regions the phone
detector reads it in (the default region, then the trunk-zero regions), and the first region where it
is valid decides ("0808 808 1677" is a UK freephone number before it is a German landline).

An IP address from a private, loopback, link-local, documentation, multicast or otherwise reserved range
identifies no subscriber: "log in to the router at 192.168.1.1", "the server listens on 127.0.0.1:8080",
"fe80::1" in an interface listing, 203.0.113.7 in a tutorial (RFC 1918, 4193, 5737, 3849). Only a public
address can be traced to a person's connection. An IPv4-mapped IPv6 address is judged by its IPv4 part.

`public_value(type, value)` returns why a value is public, or None. The detectors still report every
value (recall is measured on what is found); the policy decides, per label, whether a public value is
acted on (`public: allow`, docs/policy.md "Public values").
"""

from __future__ import annotations

import ipaddress
from functools import cache

_PUNCTUATION = "()[]{}<>.,;:"


def public_value(entity_type: str, value: str) -> str | None:
    """Why `value`, found as `entity_type`, belongs to no person; None when it may be someone's."""
    if entity_type == "PHONE_NUMBER":
        return _service_number(value.strip().strip(_PUNCTUATION))
    if entity_type == "IP_ADDRESS":
        return _reserved_address(value.strip().strip("()[]{}<>,;").rstrip("."))  # "::1" keeps its colons
    return None


def _reserved_address(value: str) -> str | None:
    try:
        address = ipaddress.ip_address(value.split("%", 1)[0])  # fe80::1%eth0: the zone names no one
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for reserved, why in (
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_unspecified, "the unspecified address"),
        (address.is_private, "a private-network or documentation address"),
        (address.is_reserved, "a reserved address"),
    ):
        if reserved:
            return why
    return None


@cache
def _phone_reading() -> tuple:
    """libphonenumber and the phone detector's regions, imported on first use: the policy engine imports
    this module, and proxies' plug-ins (the LiteLLM guardrail) import the policy without the detectors."""
    import phonenumbers
    from phonenumbers import PhoneNumberType

    from verdict.runtime.detectors.phones import PhoneDetector

    detector = PhoneDetector()
    service = {
        PhoneNumberType.TOLL_FREE: "a toll-free service number",
        PhoneNumberType.SHARED_COST: "a shared-cost service number",
        PhoneNumberType.PREMIUM_RATE: "a premium-rate service number",
        PhoneNumberType.UAN: "a universal-access service number",
    }
    return phonenumbers, service, (detector.default_region, *detector.trunk_regions)


def _service_number(value: str) -> str | None:
    phonenumbers, service, regions = _phone_reading()
    for region in regions:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return service.get(phonenumbers.number_type(number))
        if value.startswith("+"):  # an international number reads the same in every region
            return None
    return None
