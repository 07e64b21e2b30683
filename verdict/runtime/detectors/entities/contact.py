"""How a person is reached or logged: email, phone, URL, IP and MAC addresses, account handles and
passwords."""

from __future__ import annotations

import re

from verdict.runtime.detectors.checksums import email_form, ip_address, mac_address, password_form, phone_form
from verdict.runtime.detectors.entities.fragments import SW, B
from verdict.runtime.detectors.entities.record import EntityRecord, Keys, Pattern, Validator, case
from verdict.runtime.detectors.entities.shared import ACCOUNT_KEYS, ADDRESS_KEYS
from verdict.runtime.detectors.surroundings import named_as_example, reads_as_version

# RFC 2606 and RFC 6761 names that never route mail: documentation placeholders, not anyone's address.
DOCUMENTATION_DOMAINS = ("example.com", "example.net", "example.org")
DOCUMENTATION_TLDS = ("example", "test", "invalid", "localhost")
_PERSONAL_QUERY = re.compile(
    r"[?&#;](?:e-?mail|user(?:name)?|login|name|first_?name|last_?name|full_?name|phone|tel|mobile|address|dob|ssn)="
    r"|@[A-Za-z0-9-]+\.[A-Za-z]",
    re.IGNORECASE,
)
_PROFILE_URL = re.compile(
    r"https?://(?:www\.)?(?:linkedin\.com/in|facebook\.com|twitter\.com|x\.com|instagram\.com|github\.com|"
    r"tiktok\.com/@|youtube\.com/@|medium\.com/@|t\.me)/?[\w.@%-]+/?",
    re.IGNORECASE,
)
# A keyed value that is a stand-in, not a value.
PLACEHOLDER = re.compile(
    r"[*x•.#-]+|<[^>]*>|(?:change ?me|password|secret|redacted|hidden|none|null|n/?a|todo|tbd|example|your[_ -]?\w*)",
    re.IGNORECASE,
)
# Code, not a value: a call, an index, an attribute path, a snake_case variable ("attacker_password").
_CODE = re.compile(r".*[()\[\]{}$].*|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[a-z]+(?:_[a-z]+)+")


def _documentation_address(value: str) -> bool:
    domain = value.rpartition("@")[2].lower()
    return domain.rpartition(".")[2] in DOCUMENTATION_TLDS or any(
        domain == d or domain.endswith("." + d) for d in DOCUMENTATION_DOMAINS
    )


def _secret_like(value: str) -> bool:
    return (
        4 <= len(value) <= 64
        and not any(ch.isspace() for ch in value)
        and PLACEHOLDER.fullmatch(value) is None
        and _CODE.fullmatch(value) is None
    )


EMAIL_ADDRESS = EntityRecord(
    "EMAIL_ADDRESS",
    presidio="EMAIL_ADDRESS",
    patterns=(
        Pattern(
            "email",
            "EMAIL_ADDRESS",
            re.compile(
                rf"[A-Za-z0-9](?<!(?:{SW}|[.+-]).)[\w.%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{{2,24}}{B}"
            ),
            check=lambda v: ".." not in v,
            gate="@",
            documentation=_documentation_address,
        ),
    ),
    form=Validator("email", email_form),
    field_keys=(Keys(r"e ?mail|courriel|correo"), ADDRESS_KEYS),
    cases=(
        case("write to jane.doe@acme-mail.com today", "jane.doe@acme-mail.com"),
        case("我的邮箱是li.wei@qq.com谢谢", "li.wei@qq.com"),
        case("see user@example.com in the docs"),
    ),
)

PHONE_NUMBER = EntityRecord(
    "PHONE_NUMBER",
    presidio="PHONE_NUMBER",
    form=Validator("phone", phone_form),
    context=(r"phone|tel(?:e?phone|efono|efon)?|mobile|cell|fax|whatsapp|call|text|sms",),
    field_keys=(Keys(r"phone|tel|telephone|telefon|telefono|mobile|cell|fax|handy|portable|whatsapp"),),
    field_shape=lambda v: (
        re.fullmatch(r"\+?[\d(][\d ()./-]{4,22}\d", v) is not None and 7 <= sum(c.isdigit() for c in v) <= 15
    ),
    cases=(
        case("Call me at (415) 555-0132.", "(415) 555-0132"),
        case("Tel +44 20 7946 0958", "+44 20 7946 0958"),
        case("US: 415-555-0132", "415-555-0132"),
        case("call or text 988 any time"),
    ),
)

URL = EntityRecord(
    "URL",
    presidio="URL",
    patterns=(
        Pattern(
            "url-personal",
            "URL",
            re.compile(rf"h(?<!{SW}h)ttps?://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]"),
            check=lambda v: _PERSONAL_QUERY.search(v) is not None,
            gate="://",
        ),
    ),
    field_keys=(Keys(r"url|website|web ?site|home ?page|page|link|profile|linkedin"),),
    # A key saying "url" does not make a URL personal: a profile's address does, or a query that
    # carries personal data (the url-personal pattern's check).
    field_shape=lambda v: _PROFILE_URL.fullmatch(v) is not None,
    cases=(
        case(
            "reset at https://shop.io/reset?email=jo@mail.com now", "https://shop.io/reset?email=jo@mail.com"
        ),
        case("docs at https://docs.python.org/3/library/re.html"),
    ),
)

IP_ADDRESS = EntityRecord(
    "IP_ADDRESS",
    presidio="IP_ADDRESS",
    patterns=(
        Pattern(
            "ipv4",
            "IP_ADDRESS",
            re.compile(r"[0-9](?<![0-9.][0-9])[0-9]{0,2}\.(?:[0-9]{1,3}\.){2}[0-9]{1,3}(?![0-9])(?!\.[0-9])"),
            gate=".",
            veto=reads_as_version,
        ),
        Pattern(
            "ipv6",
            "IP_ADDRESS",
            # An IPv4 tail ("::ffff:203.0.113.9", RFC 4291 2.5.5) is part of the address, never a cut.
            re.compile(
                rf"[0-9A-Fa-f:](?<!(?:{SW}|:).)(?:[0-9A-Fa-f]{{0,4}}:){{2,7}}"
                rf"(?:(?:[0-9]{{1,3}}\.){{3}}[0-9]{{1,3}}|[0-9A-Fa-f]{{0,4}}(?!\.[0-9]))(?!{SW}|:)"
            ),
            gate=":",
        ),
    ),
    validator=Validator("ip", ip_address),
    field_keys=(
        Keys(r"ip|ipv4|ipv6|ip ?addr(?:ess)?|remote ?addr(?:ess)?|client ?addr(?:ess)?|source ?addr(?:ess)?"),
        ADDRESS_KEYS,
    ),
    cases=(
        case("login from 203.0.113.54", "203.0.113.54"),
        case("client ::ffff:198.51.100.7 connected", "::ffff:198.51.100.7"),
        case("upgraded to version 10.4.2.1 last week"),
        case("netmask 255.255.255.0 on eth0"),
    ),
)

MAC_ADDRESS = EntityRecord(
    "MAC_ADDRESS",
    patterns=(
        Pattern(
            "mac",
            "MAC_ADDRESS",
            re.compile(
                rf"[0-9A-Fa-f](?<!(?:{SW}|[:-]).)[0-9A-Fa-f]([:-])(?:[0-9A-Fa-f]{{2}}\1){{4}}[0-9A-Fa-f]{{2}}(?!{SW}|[:-])"
            ),
        ),
        # Cisco's dotted form, which the validator already accepts.
        Pattern(
            "mac-dotted",
            "MAC_ADDRESS",
            re.compile(
                rf"[0-9A-Fa-f](?<!(?:{SW}|\.).)[0-9A-Fa-f]{{3}}\.[0-9A-Fa-f]{{4}}\.[0-9A-Fa-f]{{4}}(?!{SW}|\.)"
            ),
            gate=".",
        ),
    ),
    validator=Validator("mac", mac_address),
    field_keys=(Keys(r"mac|hw ?addr(?:ess)?|bssid|ether"),),
    cases=(
        case("MAC 00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E"),
        case("switch port 0011.2233.4455 is up", "0011.2233.4455"),
        case("time 10:15:20 today"),
    ),
)

USERNAME = EntityRecord(
    "USERNAME",
    field_keys=(
        ACCOUNT_KEYS,
        Keys(r"user ?name|login|handle|screen ?name|nick ?name|nick|alias|user ?id|gamertag"),
        Keys(r"user", alone=False),
    ),
    field_shape=lambda v: (
        re.fullmatch(r"@?[\w][\w.-]{1,39}", v) is not None
        and any(ch.isalpha() for ch in v)
        and PLACEHOLDER.fullmatch(v) is None
    ),
    cases=(
        case('{"username": "jdoe_1987"}', "jdoe_1987"),
        case('{"username": "your_username"}'),
    ),
)

PASSWORD = EntityRecord(
    "PASSWORD",
    form=Validator("password", password_form),
    example=named_as_example,
    field_keys=(
        Keys(r"password|passwd|pwd|pass|passcode|passphrase|pin|kennwort|passwort|mot de passe|contrasena"),
    ),
    field_shape=_secret_like,
    cases=(
        case("password: Tr0ub4dor&3", "Tr0ub4dor&3"),
        case("password: <your password>"),
    ),
)

RECORDS = (EMAIL_ADDRESS, PHONE_NUMBER, URL, IP_ADDRESS, MAC_ADDRESS, USERNAME, PASSWORD)
