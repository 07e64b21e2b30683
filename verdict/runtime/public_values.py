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

A street address is a public place's when its sentence speaks of one and of nobody's home or post: "The
Eiffel Tower's official address is Champ de Mars, 5 Avenue Anatole France, 75007 Paris", a museum's
address in an itinerary. "I live at ... near the museum" or "ship it to ..." is someone's.

`public_value(type, value, text=..., start=..., end=...)` returns why a value is public, or None (a
street address needs the text around it; a phone number or an IP address is judged alone). The
detectors still report every value (recall is measured on what is found); the policy decides, per
label, whether a public value is acted on (`public: allow`, docs/policy.md "Public values").
"""

from __future__ import annotations

import ipaddress
import re
from functools import cache

from verdict.runtime.sentences import sentence

_PUNCTUATION = "()[]{}<>.,;:"


def public_value(
    entity_type: str, value: str, *, text: str | None = None, start: int = 0, end: int = 0
) -> str | None:
    """Why `value`, found as `entity_type` (at text[start:end] when the text is given), belongs to no
    person; None when it may be someone's."""
    if entity_type == "STREET_ADDRESS":
        return "a public place's address" if text is not None and public_place(text, start, end) else None
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


# A public place in the address's sentence, and no one's home or post.
_PUBLIC_PLACE = re.compile(
    r"\b(?:museums?|mus[ée]e|galler(?:y|ies)|palace|castle|cathedral|church|chapel|basilica|temple|mosque|synagogue|"
    r"abbey|shrine|tower|monument|memorial|landmark|embassy|consulate|parliament|capitol|white house|"
    r"city hall|town hall|headquarters|stadium|arena|theat(?:re|er)|opera|library|zoo|aquarium|tourists?|"
    r"visitors?|tours?|tickets?|admission|official residence|prime minister|president|hotel|restaurant|"
    r"caf[ée]|station|airport|university|studios)\b",
    re.IGNORECASE,
)
_PRIVATE = re.compile(
    r"\b(?:my|his|her|their|live[sd]?|living|moved|resid(?:e|es|ed|ing)|send|sent|ship(?:ped)?|"
    r"deliver(?:ed|y)?|mail(?:ed)?|post(?:ed)?|forward(?:ed)?|write to|return(?:ed)? to)\b",
    re.IGNORECASE,
)


def public_place(text: str, start: int, end: int) -> bool:
    """The sentence around text[start:end] (`sentences.sentence`, the address itself left out) names a
    public place and nobody's home or post."""
    begin, stop = sentence(text, start, end)
    around = text[begin:start] + " " + text[end:stop]
    return _PUBLIC_PLACE.search(around) is not None and _PRIVATE.search(around) is None
