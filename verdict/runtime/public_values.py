"""Values of a personal type that belong to no person: what a policy may leave alone.

A toll-free, shared-cost, premium-rate or universal-access number is an organisation's service line, not
anybody's phone: "call the National Domestic Violence Hotline at 1-800-799-7233", "Samaritans: 116 123",
"Childline on 0800 1111". Redacting one from a crisis reply removes the help the reply exists to give.
libphonenumber knows each country's service ranges; a national number is read in the regions the phone
detector reads it in (the default region, then the trunk-zero regions), and the first region where it
is valid decides ("0808 808 1677" is a UK freephone number before it is a German landline).

`public_value(type, value)` returns why a value is public, or None. The detectors still report every
value (recall is measured on what is found); the policy decides, per label, whether a public value is
acted on (`public: allow`, docs/policy.md "Public values").
"""

from __future__ import annotations

from functools import cache

_PUNCTUATION = "()[]{}<>.,;:"


def public_value(entity_type: str, value: str) -> str | None:
    """Why `value`, found as `entity_type`, belongs to no person; None when it may be someone's."""
    if entity_type == "PHONE_NUMBER":
        return _service_number(value.strip().strip(_PUNCTUATION))
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
