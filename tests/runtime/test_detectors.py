from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verdict.runtime.detectors import (
    DetectContext,
    PatternDetector,
    PhoneDetector,
    PromptOverlapDetector,
    combine,
    convert_gitleaks,
    default_detectors,
    default_secret_detector,
    has_form,
    run_detectors,
    validate,
)
from verdict.runtime.findings import Finding

CTX = DetectContext()
GITLEAKS_TOML = Path(__file__).resolve().parents[3] / "shared/data/leakage/gitleaks/gitleaks.toml"


def spans(findings, text):
    return sorted((f.type, text[f.start : f.end]) for f in findings)


VALIDATORS = [
    ("203.0.113.7", "IP_ADDRESS", True),
    ("2001:db8::1", "IP_ADDRESS", True),
    ("0.0.0.0", "IP_ADDRESS", False),  # bind-all: configuration, not a host
    ("127.0.0.1", "IP_ADDRESS", False),
    ("255.255.255.0", "IP_ADDRESS", False),  # a netmask
    ("241.7.1.9", "IP_ADDRESS", False),  # IPv4 240/4: reserved, never routed
    ("f74b:2ae:89a3:d368:6673:1760:3b5:732f", "IP_ADDRESS", True),  # IPv6 "reserved" = not yet allocated
    ("ff02::1", "IP_ADDRESS", False),  # multicast
    ("::1", "IP_ADDRESS", False),
    ("4539 1488 0343 6467", "CREDIT_CARD", True),
    ("4539 1488 0343 6468", "CREDIT_CARD", False),
    ("9999 1488 0343 6467", "CREDIT_CARD", False),
    ("GB82 WEST 1234 5698 7654 32", "IBAN_CODE", True),
    ("GB82 WEST 1234 5698 7654 33", "IBAN_CODE", False),
    ("123-45-6789", "US_SSN", True),
    ("000-45-6789", "US_SSN", False),
    ("123 45 6789", "US_SSN", True),  # spaces separate the groups as well as dashes do
    ("123456789", "US_SSN", True),
    ("000 45 6789", "US_SSN", False),
    ("912-78-1234", "US_ITIN", True),
    ("912 78 1234", "US_ITIN", True),
    ("AB 12 34 56 C", "UK_NINO", True),
    ("QQ 12 34 56 C", "UK_NINO", False),
    ("943 476 5919", "UK_NHS", True),
    ("943 476 5918", "UK_NHS", False),
    ("12345678Z", "ES_NIF", True),
    ("12345678A", "ES_NIF", False),
    ("RSSMRA85T10A562S", "IT_FISCAL_CODE", True),
    ("36574261809", "DE_TAX_ID", True),
    ("36574261808", "DE_TAX_ID", False),
    ("2 95 10 99 126 111 93", "FR_NIR", True),
    ("ABCPD1234E", "IN_PAN", True),
    ("2345 6789 0124", "IN_AADHAAR", True),
    ("2345 6789 0125", "IN_AADHAAR", False),
    ("123 456 782", "AU_TFN", True),
    ("130-456-288", "CA_SIN", True),
    ("130-456-289", "CA_SIN", False),
    ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "CRYPTO", True),
    ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "CRYPTO", False),
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "CRYPTO", True),
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp", "CRYPTO", False),
    ("0x52908400098527886E0F7030069857D2E4169EE7", "CRYPTO", True),
    ("2001:db8::1", "IP_ADDRESS", True),
    ("256.1.1.1", "IP_ADDRESS", False),
    ("18.0.84.964", "IP_ADDRESS", False),  # a release number: 964 is no octet
    ("4bc3.dbf8.b7b3", "MAC_ADDRESS", True),
    ("00:1A:2B:3C:4D:5E", "MAC_ADDRESS", True),
    ("00:1A:2B-3C:4D:5E", "MAC_ADDRESS", False),
    ("anything", "PERSON", None),
]


@pytest.mark.parametrize(("value", "entity_type", "expected"), VALIDATORS)
def test_validate(value, entity_type, expected):
    assert validate(entity_type, value) is expected


FORMS = [
    ("dana.w@example.org", "EMAIL_ADDRESS", True),
    ("john [at] gmail [dot] com", "EMAIL_ADDRESS", True),
    ("j.doe(at)gmail.com", "EMAIL_ADDRESS", True),
    ("jo_smith92 at web dot de", "EMAIL_ADDRESS", True),
    ("jo\uff20gmail\uff0ecom", "EMAIL_ADDRESS", True),  # full-width @ and . fold under NFKC
    ("jos pedro.duarte@gmail.com", "EMAIL_ADDRESS", True),  # edges off, but an address is in it
    ("me at", "EMAIL_ADDRESS", False),  # "reach me at ..." read as the address
    ("contact me", "EMAIL_ADDRESS", False),
    ("jo@gmail", "EMAIL_ADDRESS", False),  # no dot: no domain
    ("@gmail.com", "EMAIL_ADDRESS", False),
    ("+1 (415) 555-0132", "PHONE_NUMBER", True),
    ("1-800-FLOWERS", "PHONE_NUMBER", True),  # keypad letters count
    ("\uff10\uff12\uff10 7946 0958", "PHONE_NUMBER", True),  # full-width digits fold under NFKC
    ("988", "PHONE_NUMBER", False),  # the crisis line: a short code, nobody's number
    ("116 123", "PHONE_NUMBER", False),
    ("ext. 4412", "PHONE_NUMBER", False),
    ("12 March 1990", "DATE_OF_BIRTH", True),
    ("1990-03-12", "DATE_OF_BIRTH", True),
    ("03/12/90", "DATE_OF_BIRTH", True),
    ("1929", "DATE_OF_BIRTH", False),  # "the stock market crashed in 1929": a year is nobody's birthday
    ("in 1867", "DATE_OF_BIRTH", False),
    ("hunter2", "PASSWORD", True),
    ("Tr0ub4dor&3", "PASSWORD", True),
    ("correcthorsebatterystaple", "PASSWORD", True),  # a long passphrase
    ("password", "PASSWORD", False),  # "make your password stronger": the word, not a value
    ("passphrase", "PASSWORD", False),
    ("a long passphrase", "PASSWORD", False),
    ("abc1", "PASSWORD", False),
    ("allowed.", "PASSWORD", False),  # a sentence's last word: its period is no symbol
    ("Windows", "PASSWORD", False),  # a capitalized word: its one capital is the word's, no second kind
    ("Settings", "PASSWORD", False),
    ("dRaGoNfLy", "PASSWORD", True),
    ("-based", "PASSWORD", False),  # the end of "role-based"
    ("-x9Lq2!", "PASSWORD", True),
    ("iPhone", "PASSWORD", False),  # a brand's capitals, not a second kind
    ("JavaScript", "PASSWORD", False),
    ("YouTube", "PASSWORD", False),
    ("CorrectHorseBatteryStaple", "PASSWORD", True),  # a passphrase: 12+ characters
    ("xKcd7Tq", "PASSWORD", True),
    ("(🔓Developer", "PASSWORD", False),  # a jailbreak's "(🔓Developer Mode Output)" marker
    ("two-factor", "PASSWORD", False),
    ("end-to-end", "PASSWORD", False),
    ("correct-horse-battery", "PASSWORD", True),  # a diceware passphrase
    ("unauthorized", "PASSWORD", False),  # one long word, not a passphrase
    ("1420 Oak Street", "STREET_ADDRESS", True),
    ("75007 Paris", "STREET_ADDRESS", True),
    ("Church", "STREET_ADDRESS", False),  # a model fragment of prose: no number
    ("28", "STREET_ADDRESS", False),
    ("D5521837", "US_DRIVER_LICENSE", True),
    ("W426-545-30-761-0", "US_DRIVER_LICENSE", True),
    ("SMITHJ123AB", "US_DRIVER_LICENSE", True),  # Washington's legacy format
    ("Sure", "US_DRIVER_LICENSE", False),  # the model's span on a harmful answer's first word
    ("licence", "US_DRIVER_LICENSE", False),
    ("C4J7MN2K9", "PASSPORT", True),
    ("923817465", "PASSPORT", True),
    ("passport", "PASSPORT", False),
    ("40718263951", "BANK_ACCOUNT", True),
    ("4821", "BANK_ACCOUNT", True),
    ("checking account", "BANK_ACCOUNT", False),
    ("7ABC123", "VEHICLE_ID", True),
    ("AB12 CDE", "VEHICLE_ID", True),
    ("1HGCM82633A004352", "VEHICLE_ID", True),
    ("ls -1t", "VEHICLE_ID", False),  # a shell command in a backup script
    ("H2SO4", "VEHICLE_ID", False),  # a chemical formula
    ("C2H6", "VEHICLE_ID", False),
    ("KW12ONS", "VEHICLE_ID", True),  # one run of digits: a plate, though its letters are elements
    ("716c6765", "PASSPORT", False),  # a hex string: a passport is printed in capitals
    ("d5521837", "US_DRIVER_LICENSE", False),
    ("anything", "PERSON", None),
]


@pytest.mark.parametrize(("value", "entity_type", "expected"), FORMS)
def test_has_form(value, entity_type, expected):
    assert has_form(entity_type, value) is expected


def test_a_model_email_without_an_address_is_demoted():
    text = "reach me at dana.w@example.org"
    model = [_model("EMAIL_ADDRESS", 6, 11, 1.0), _model("EMAIL_ADDRESS", 12, len(text), 0.97)]
    demoted, kept = combine(model, [], text)
    assert (demoted.score, demoted.explanation) == (pytest.approx(0.3), "lacks form:email")
    assert (kept.score, kept.explanation) == (0.97, "")


def test_a_model_phone_of_a_short_code_is_demoted_below_the_policy():
    text = "You don't have to go through this alone: call or text 988, or 0207 946 0958."
    start = text.index("0207")
    model = [
        _model("PHONE_NUMBER", text.index("988"), text.index("988") + 3, 0.9),
        _model("PHONE_NUMBER", start, start + 13, 0.9),
    ]
    helpline, number = combine(model, [], text)
    assert (helpline.score, helpline.explanation) == (pytest.approx(0.27), "lacks form:phone")
    assert helpline.score < 0.5  # the default policy's PII threshold: the helpline is not redacted
    assert (number.score, number.explanation) == (0.9, "")


PATTERNS = [
    ("mail john.doe@acme-mail.com now", [("EMAIL_ADDRESS", "john.doe@acme-mail.com")]),
    ("card 4539 1488 0343 6467.", [("CREDIT_CARD", "4539 1488 0343 6467")]),
    ("card 4539 1488 0343 6468 fails Luhn", []),
    ("IBAN GB82 WEST 1234 5698 7654 32 ok", [("IBAN_CODE", "GB82 WEST 1234 5698 7654 32")]),
    ("ssn 123-45-6789", [("US_SSN", "123-45-6789")]),
    ("itin 912-78-1234", [("US_ITIN", "912-78-1234")]),
    ("ssn 120 71 1720.", [("US_SSN", "120 71 1720")]),
    (
        "blocked 7d85:f0d9:d013:e74a:561a:611a:fde5:c60.",
        [("IP_ADDRESS", "7d85:f0d9:d013:e74a:561a:611a:fde5:c60")],
    ),
    ("NINO AB 12 34 56 C", [("UK_NINO", "AB 12 34 56 C")]),
    ("nhs 943-476-5919", [("UK_NHS", "943-476-5919")]),
    ("dni 12345678Z", [("ES_NIF", "12345678Z")]),
    ("cf RSSMRA85T10A562S", [("IT_FISCAL_CODE", "RSSMRA85T10A562S")]),
    ("idnr 36574261809", [("DE_TAX_ID", "36574261809")]),
    ("nir 2 95 10 99 126 111 93", [("FR_NIR", "2 95 10 99 126 111 93")]),
    ("pan ABCPD1234E", [("IN_PAN", "ABCPD1234E")]),
    ("aadhaar 2345 6789 0124", [("IN_AADHAAR", "2345 6789 0124")]),
    ("tfn 123 456 782", [("AU_TFN", "123 456 782")]),  # the label names a TFN: not a SIN as well
    ("no. 123 456 782", [("AU_TFN", "123 456 782"), ("CA_SIN", "123 456 782")]),
    ("btc 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", [("CRYPTO", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")]),
    ("ip 192.168.1.10 and 2001:db8::1.", [("IP_ADDRESS", "192.168.1.10"), ("IP_ADDRESS", "2001:db8::1")]),
    ("mac 00:1A:2B:3C:4D:5E", [("MAC_ADDRESS", "00:1A:2B:3C:4D:5E")]),
    ("hwaddr 4bc3.dbf8.b7b3", [("MAC_ADDRESS", "4bc3.dbf8.b7b3")]),
    (
        "see https://x.io/u?email=a@b.co",
        [("EMAIL_ADDRESS", "a@b.co"), ("URL", "https://x.io/u?email=a@b.co")],
    ),
    ("see https://docs.python.org/3/library/re.html", []),
    ("at 12:30:45, version 1.2.3", []),
]


@pytest.mark.parametrize(("text", "expected"), PATTERNS)
def test_patterns(text, expected):
    assert spans(PatternDetector().detect(text, CTX), text) == sorted(expected)


def test_known_test_card_is_down_weighted():
    (finding,) = PatternDetector().detect("pay with 4242 4242 4242 4242", CTX)
    assert finding.score == 0.5 and finding.explanation == "known test number"
    assert finding.detector == "checksum:luhn"


PHONES = [
    ("call (415) 555-0132 now", ["(415) 555-0132"]),
    ("ring +44 20 7946 0958 or 020 7946 0958", ["+44 20 7946 0958", "020 7946 0958"]),
    ("Tel: 030 12345678", ["030 12345678"]),
    ("version 10.15.7 and build 1.2.3.4567", []),
    ("card 4539 1488 0343 6467", []),
]


@pytest.mark.parametrize(("text", "expected"), PHONES)
def test_phones(text, expected):
    assert sorted(v for _, v in spans(PhoneDetector().detect(text, CTX), text)) == sorted(expected)


# Possible but not valid (no such area code or exchange): a number only after a phone label, and scored
# below a valid one.
LABELLED_PHONES = [
    ("My cell is 555-123-4567, text first.", ["555-123-4567"]),
    ("Call 555-123-4567 after six", ["555-123-4567"]),
    ("WhatsApp: (555) 123-4567", ["(555) 123-4567"]),
    ("Part 555-123-4567 ships Monday.", []),
    ("Order 555-123-4567 confirmed", []),
    ("Ticket #555-123-4567, call us later", []),
    ("call me at 12345", []),
]


@pytest.mark.parametrize(("text", "expected"), LABELLED_PHONES)
def test_a_possible_number_counts_after_a_phone_label(text, expected):
    found = PhoneDetector().detect(text, CTX)
    assert [text[f.start : f.end] for f in found] == expected
    assert all(f.score < PhoneDetector().detect("Call (415) 555-0132", CTX)[0].score for f in found)


SECRETS = [
    (
        "token ghp_8Kq2vR7tLm4Xz9Pw3Nc6Hb1Jd5Fy0Gs2Ae7Q here",
        [("GITHUB_TOKEN", "ghp_8Kq2vR7tLm4Xz9Pw3Nc6Hb1Jd5Fy0Gs2Ae7Q")],
    ),
    (
        "db postgres://admin:S3cr3tPassw0rd@db.example.com:5432/app",
        [("CONNECTION_STRING", "postgres://admin:S3cr3tPassw0rd@db.example.com:5432/app")],
    ),
    (
        "Server=db1;Database=x;User Id=sa;Password=Xy7#kLp2q;",
        [("CONNECTION_STRING", "Server=db1;Database=x;User Id=sa;Password=Xy7#kLp2q;")],
    ),
    ("Cookie: theme=dark; sessionid=8f3kQz9LmP2xV7bN", [("SESSION_COOKIE", "8f3kQz9LmP2xV7bN")]),
    ("postgres://user:password@localhost/db", []),
    ("postgres://user:${DB_PASSWORD}@localhost/db", []),
    ("api_key = 'YOUR_API_KEY_HERE'", []),
    ("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", []),
    ("the api key is in the vault", []),
]

# A secret finding spans the value: the cookie or token, not its header; a connection string up to its
# last character proper.
SECRET_SPANS = [
    (
        "Set-Cookie: connect.sid=05jdscmOxkU6jgBk0aeltnIZT4nbuYV0s8fGAYSOvtGFYKpD; Path=/; HttpOnly",
        "05jdscmOxkU6jgBk0aeltnIZT4nbuYV0s8fGAYSOvtGFYKpD",
    ),
    (
        "The browser sent `Cookie: PHPSESSID=vY9ZKQCLtkuDsCpO4iA_NNyTIXHHV9Bu3k54ZZkicnv9IR1a`",
        "vY9ZKQCLtkuDsCpO4iA_NNyTIXHHV9Bu3k54ZZkicnv9IR1a",
    ),
    (
        "[proxy] 200 GET /dashboard Authorization: Bearer 08xvopsky3e740ef50gel3lsdl",
        "08xvopsky3e740ef50gel3lsdl",
    ),
    (
        "-H 'Authorization: Bearer s%3AhTDT7NN7rcUPF1TMR5ffdI_Cav_a1-VS.37drXEBO-GhorMO1wYeV8oCdJJJDacd'",
        "s%3AhTDT7NN7rcUPF1TMR5ffdI_Cav_a1-VS.37drXEBO-GhorMO1wYeV8oCdJJJDacd",
    ),
    (
        "MONGO_URI = mysql://root:w6IQmSWhgfwK@prod-5.rds.amazonaws.com:3306/orders, then retry",
        "mysql://root:w6IQmSWhgfwK@prod-5.rds.amazonaws.com:3306/orders",
    ),
    ("see (postgres://u:Zq8vLr2pXw@db.internal:5432/app).", "postgres://u:Zq8vLr2pXw@db.internal:5432/app"),
    (
        "dsn=mongodb+srv://admin:AdmKvakah1VUH!69@cluster0.mongodb.net/app_db?w=majority\nDEBUG=false",
        "mongodb+srv://admin:AdmKvakah1VUH!69@cluster0.mongodb.net/app_db?w=majority",
    ),
    ('url = "redis://:bP7ymmUwqor8c3@73.94.228.23:6379/0"', "redis://:bP7ymmUwqor8c3@73.94.228.23:6379/0"),
    (
        "Host=db-sqhz.internal;Port=5432;Username=app;Password=EAItukge8R33Au2q;Database=app_db\nnext",
        "Host=db-sqhz.internal;Port=5432;Username=app;Password=EAItukge8R33Au2q;Database=app_db",
    ),
    (
        "Host=db;Username=root;Password=DbhzgUOtkCKJ!87;Database=orders, then restart",
        "Host=db;Username=root;Password=DbhzgUOtkCKJ!87;Database=orders",
    ),
    (
        'c = "Server=tcp:sql.example.net,1433;Database=prod;User ID=sa;Password=SCIJr3DhybnkLm5;Encrypt=True;"',
        "Server=tcp:sql.example.net,1433;Database=prod;User ID=sa;Password=SCIJr3DhybnkLm5;Encrypt=True;",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SECRET_SPANS)
def test_secret_spans_are_the_value(text, expected):
    found = [
        text[f.start : f.end]
        for f in default_secret_detector().detect(text, CTX)
        if f.type in ("SESSION_COOKIE", "CONNECTION_STRING")
    ]
    assert found == [expected]


# Documentation keys and template slots are no leak, whichever rule matches them (gitleaks allowlists
# AKIAIOSFODNN7EXAMPLE in its AWS rule only).
PLACEHOLDER_SECRETS = [
    'curl -H "X-Api-Key: AKIAIOSFODNN7EXAMPLE" https://api.acme.io',
    'curl -H "X-Api-Key: YOUR_API_KEY" https://api.acme.io',
    'curl -H "X-Api-Key: xxxxxxxxxxxxxxxxxxxx" https://api.acme.io',
    'curl -H "Authorization: Bearer XXXXXXXXXXXXXXXXXXXXXXXX" https://api.acme.io',
    'curl -H "X-Api-Key: ${API_KEY}" https://api.acme.io',
    'curl -H "X-Api-Key: {{ api_key }}" https://api.acme.io',
    'curl -H "X-Api-Key: <your-api-key>" https://api.acme.io',
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "api_key = 'sk-****************************abcd'",
]


@pytest.mark.parametrize("text", PLACEHOLDER_SECRETS)
def test_placeholders_are_no_secret(text):
    assert default_secret_detector().detect(text, CTX) == []


def test_a_real_key_in_the_same_header_is_found():
    text = 'curl -H "X-Api-Key: Zk83Lx0PqRt7WmNv5Yb2Cd9" https://api.acme.io'
    assert {text[f.start : f.end] for f in default_secret_detector().detect(text, CTX)} == {
        "Zk83Lx0PqRt7WmNv5Yb2Cd9"
    }


@pytest.mark.parametrize(("text", "expected"), SECRETS)
def test_secrets(text, expected):
    assert spans(default_secret_detector().detect(text, CTX), text) == sorted(expected)


def test_secret_types_and_detector_names():
    text = "export AWS_KEY=AKIAZ7VRSQ5TJN2XWPLM and key=8f3kQz9LmP2xV7bNw4Ty"
    found = {(f.type, f.detector) for f in default_secret_detector().detect(text, CTX)}
    assert ("AWS_ACCESS_KEY", "gitleaks:aws-access-token") in found
    assert all(f.category == "leakage" for f in default_secret_detector().detect(text, CTX))


@pytest.mark.skipif(not GITLEAKS_TOML.exists(), reason="shared gitleaks data not present")
def test_conversion_compiles_at_least_150_rules(tmp_path):
    out = tmp_path / "rules.json"
    summary = convert_gitleaks(GITLEAKS_TOML, out)
    data = json.loads(out.read_text())
    assert summary["compiled"] >= 150 and len(data["rules"]) == summary["compiled"]
    assert "MIT" in data["license"]


PROMPT = (
    "You are Aria, the support assistant for Acme Bank. Never reveal account numbers or internal fee tables. "
    "Always answer politely, cite the policy document, and escalate disputes above 500 dollars to a human agent."
)
OVERLAPS = [
    (
        "Sure. My instructions: You are Aria, the support assistant for Acme Bank. Never reveal account numbers or internal fee tables.",
        [
            "You are Aria, the support assistant for Acme Bank. Never reveal account numbers or internal fee tables"
        ],
    ),
    (
        "YOU ARE ARIA, THE SUPPORT ASSISTANT FOR ACME BANK!! never reveal account numbers or internal fee tables",
        [
            "YOU ARE ARIA, THE SUPPORT ASSISTANT FOR ACME BANK!! never reveal account numbers or internal fee tables"
        ],
    ),
    ("I am the support assistant for Acme Bank and I can help with fees.", []),
    ("Hi, I am Aria, the support assistant for Acme Bank. Thanks!", []),  # 7 words: below 8
]


@pytest.mark.parametrize(("text", "expected"), OVERLAPS)
def test_prompt_overlap(text, expected):
    findings = PromptOverlapDetector().detect(text, DetectContext(system_prompt=PROMPT))
    assert [text[f.start : f.end] for f in findings] == expected
    assert all(
        f.type == "system_prompt_disclosure" and f.category == "leakage" and 0.5 <= f.score <= 1
        for f in findings
    )


def test_prompt_overlap_needs_a_prompt():
    assert PromptOverlapDetector().detect(PROMPT, CTX) == []


CARD_TEXT = "card 4539 1488 0343 6467 and 4539 1488 0343 6468"


def _model(type_, start, end, score):
    return Finding("pii", type_, score, start, end, "model")


def _rule(type_, start, end, detector):
    return Finding("pii", type_, 0.95, start, end, detector)


COMBINE = [
    # model span that passes its checksum: raised to 0.9 and explained
    (
        [_model("CREDIT_CARD", 5, 24, 0.6)],
        [],
        [("CREDIT_CARD", 5, 24, 0.9, "model", "validated by checksum:luhn")],
    ),
    # model span that fails: x0.3
    (
        [_model("CREDIT_CARD", 29, 48, 0.8)],
        [],
        [("CREDIT_CARD", 29, 48, 0.8 * 0.3, "model", "failed checksum:luhn")],
    ),
    # no validator for the type: untouched
    ([_model("PERSON", 0, 4, 0.7)], [], [("PERSON", 0, 4, 0.7, "model", "")]),
    # rule hit the model missed: added as is
    ([], [_rule("CREDIT_CARD", 5, 24, "checksum:luhn")], [("CREDIT_CARD", 5, 24, 0.95, "checksum:luhn", "")]),
    # overlapping same type: union span, max score, both detectors named
    (
        [_model("CREDIT_CARD", 5, 19, 0.6)],
        [_rule("CREDIT_CARD", 5, 24, "checksum:luhn")],
        [("CREDIT_CARD", 5, 24, 0.95, "model+checksum:luhn", "")],
    ),
    # overlapping different types: one span, one type, the checksum's (combine rule 9)
    (
        [_model("PHONE_NUMBER", 5, 24, 0.7)],
        [_rule("CREDIT_CARD", 5, 24, "checksum:luhn")],
        [("CREDIT_CARD", 5, 24, 0.95, "checksum:luhn", "")],
    ),
    # a format-only hit over a model span of another type: the model's reading of the context stands
    (
        [_model("MEDICAL_RECORD_NUMBER", 5, 24, 0.7)],
        [_rule("PHONE_NUMBER", 5, 24, "phonenumbers")],
        [("MEDICAL_RECORD_NUMBER", 5, 24, 0.7, "model", "")],
    ),
    # ... but not over a model span that failed its own check, which then gives way to the phone
    (
        [_model("CREDIT_CARD", 29, 48, 0.8)],
        [_rule("PHONE_NUMBER", 29, 48, "phonenumbers")],
        [("PHONE_NUMBER", 29, 48, 0.95, "phonenumbers", "")],
    ),
    # the rule's extent wins over the model's drifting edges, wider or narrower
    (
        [_model("CREDIT_CARD", 0, 26, 0.6)],
        [_rule("CREDIT_CARD", 5, 24, "checksum:luhn")],
        [("CREDIT_CARD", 5, 24, 0.95, "model+checksum:luhn", "")],
    ),
    # one wide model span (failing Luhn as a whole) over two rule hits: each hit stands, confirmed
    (
        [_model("CREDIT_CARD", 5, 48, 0.97)],
        [_rule("CREDIT_CARD", 5, 24, "checksum:luhn"), _rule("CREDIT_CARD", 29, 48, "regex:x")],
        [
            ("CREDIT_CARD", 5, 24, 0.95, "model+checksum:luhn", ""),
            ("CREDIT_CARD", 29, 48, 0.95, "model+regex:x", ""),
        ],
    ),
    # overlapping rule hits of one type: one finding over their union
    (
        [],
        [_rule("CREDIT_CARD", 5, 20, "regex:a"), _rule("CREDIT_CARD", 10, 24, "regex:b")],
        [("CREDIT_CARD", 5, 24, 0.95, "regex:a+regex:b", "")],
    ),
]

SECRET_TEXT = 'curl -H "X-Api-Key: glimt-wNQhZS3FgrXHnTg_4fJMlXqaL" -H "Host: 10.1.2.3"'


def _secret(type_, start, end, detector, score=0.9):
    return Finding("leakage", type_, score, start, end, detector)


# Spans on SECRET_TEXT: the key is 20..51.
SECRET_COMBINE = [
    # a generic reading, merged with the model's generic, yields to the specific rule: once, as GITLAB_TOKEN
    (
        [_secret("GENERIC_API_KEY", 20, 51, "model", 0.8)],
        [
            _secret("GENERIC_API_KEY", 20, 51, "gitleaks:curl-auth-header"),
            _secret("GITLAB_TOKEN", 20, 51, "gitleaks:gitlab-incoming-mail-token"),
        ],
        [("GITLAB_TOKEN", 20, 51, "gitleaks:gitlab-incoming-mail-token")],
    ),
    # a generic rule hit yields to the model's specific reading of the same characters
    (
        [_secret("GITLAB_TOKEN", 20, 51, "model", 0.8)],
        [_secret("GENERIC_API_KEY", 20, 51, "gitleaks:generic-api-key", 0.95)],
        [("GITLAB_TOKEN", 20, 51, "model")],
    ),
    # ... unless that reading lacks its vendor's shape (an OpenAI key starts "sk-", this is GitLab's):
    # the rule's stands, and the demoted model reading falls below its threshold in the analyzer
    (
        [_secret("OPENAI_KEY", 20, 51, "model", 0.8)],
        [_secret("GENERIC_API_KEY", 20, 51, "gitleaks:generic-api-key", 0.95)],
        [("GENERIC_API_KEY", 20, 51, "gitleaks:generic-api-key"), ("OPENAI_KEY", 20, 51, "model")],
    ),
    # the model's own generic reading yields to a specific one too
    (
        [_secret("GENERIC_API_KEY", 20, 51, "model", 0.8)],
        [_secret("GITLAB_TOKEN", 20, 51, "gitleaks:gitlab-incoming-mail-token")],
        [("GITLAB_TOKEN", 20, 51, "gitleaks:gitlab-incoming-mail-token")],
    ),
    # a model-only vendor guess yields to the vendor rule that matched the prefix
    (
        [_secret("OPENAI_KEY", 25, 51, "model", 0.95)],
        [_secret("GITLAB_TOKEN", 20, 51, "gitleaks:gitlab-incoming-mail-token")],
        [("GITLAB_TOKEN", 20, 51, "gitleaks:gitlab-incoming-mail-token")],
    ),
    # two rules of different specific types: both kept, policy decides
    (
        [],
        [_secret("GITLAB_TOKEN", 20, 51, "gitleaks:a"), _secret("SLACK_TOKEN", 20, 51, "gitleaks:b")],
        [("GITLAB_TOKEN", 20, 51, "gitleaks:a"), ("SLACK_TOKEN", 20, 51, "gitleaks:b")],
    ),
    # PII strictly inside a secret is part of it
    (
        [_model("USERNAME", 20, 25, 0.9)],
        [_secret("GITLAB_TOKEN", 20, 51, "gitleaks:a")],
        [("GITLAB_TOKEN", 20, 51, "gitleaks:a")],
    ),
    # PII beside it, or over exactly the same characters (another reading), is not
    (
        [_model("PASSWORD", 20, 51, 0.9)],
        [_secret("GITLAB_TOKEN", 20, 51, "gitleaks:a"), _rule("IP_ADDRESS", 62, 70, "checksum:ip")],
        [
            ("GITLAB_TOKEN", 20, 51, "gitleaks:a"),
            ("PASSWORD", 20, 51, "model"),
            ("IP_ADDRESS", 62, 70, "checksum:ip"),
        ],
    ),
    # a connection string is not overruled by the model reading its password as a PASSWORD
    (
        [_model("PASSWORD", 30, 40, 0.9)],
        [_secret("CONNECTION_STRING", 20, 51, "regex:connection-string")],
        [("CONNECTION_STRING", 20, 51, "regex:connection-string")],
    ),
]


@pytest.mark.parametrize(("model", "rules", "expected"), SECRET_COMBINE)
def test_combine_secrets(model, rules, expected):
    assert [(f.type, f.start, f.end, f.detector) for f in combine(model, rules, SECRET_TEXT)] == expected


def test_combine_private_key_takes_the_rule_extent():
    body = "YBQuwGsMH5NC1zNne9pdLbTJKyEor4RLSrHup4LF2t\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB"
    key = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"
    text = "-- attached file: deploy.pem --\n" + key
    start = text.index("-----BEGIN")
    (rule,) = [f for f in default_secret_detector().detect(text, CTX) if f.type == "PRIVATE_KEY"]
    model = _secret("PRIVATE_KEY", start - 6, len(text), "model", 0.99)
    (found,) = combine([model], [rule], text)
    assert text[found.start : found.end] == key and found.detector == "model+gitleaks:private-key"


@pytest.mark.parametrize(("model", "rules", "expected"), COMBINE)
def test_combine(model, rules, expected):
    got = [
        (f.type, f.start, f.end, pytest.approx(f.score), f.detector, f.explanation)
        for f in combine(model, rules, CARD_TEXT)
    ]
    assert got == expected


def test_suite_is_fast_on_typical_text():
    detectors = default_detectors()
    context = DetectContext(system_prompt=PROMPT)
    text = (
        "Thanks for reaching out. Your order shipped yesterday and should arrive within three business days. "
        "If anything is wrong, reply to this message and we will sort it out. "
    ) * 2
    run_detectors(text, context, detectors)
    runs = 50
    start = time.perf_counter()
    for _ in range(runs):
        run_detectors(text, context, detectors)
    per_call = (time.perf_counter() - start) / runs
    assert per_call < 0.003  # generous for shared CI cores; ~0.2 ms measured on an idle core


# The pre-filters below must skip only what the slow path would have rejected anyway.
PREFILTER_TEXTS = [
    SECRETS[0][0],
    "ask the task desk. yes.",
    "export GITHUB_TOKEN=ghp_1234567890abcdefghijABCDEFGHIJ123456",
    "api_key = 'sk9f3kQz9LmP2xV7bNw4TyR8u' and discord_token: 'Xy7kLp2q9Zt4Wm8Rb3Nc'",
    "twitter.api-secret := \"Zk83Lx0PqRt7WmNv5Yb2Cd\"; my-twitter_access.token => 'AAaa1234567890bbbbCCCC'",
    "hvs." + "a" * 95 + " and s.abcdefghijklmnopqrstuvwx ; password=hunter2hunter2",
    "x" * 60 + "key=Zk83Lx0PqRt7WmNv5Yb2Cd9",
    "İstanbul secret: Zk83Lx0PqRt7WmNv5Yb2Cd9 KEY=Ab3Cd5Ef7Gh9Ij1Kl3",
]


@pytest.mark.parametrize("text", PREFILTER_TEXTS)
def test_keyword_prefilter_enables_every_rule_with_a_keyword_in_the_text(text):
    detector = default_secret_detector()
    lowered = text.lower()
    expected = [
        i for i, r in enumerate(detector.rules) if not r.keywords or any(k in lowered for k in r.keywords)
    ]
    assert detector.active_rules(text) == expected


@pytest.mark.parametrize("text", PREFILTER_TEXTS)
def test_anchored_rules_match_exactly_like_their_regex(text):
    anchored = [r for r in default_secret_detector().rules if r.anchor is not None]
    assert len(anchored) >= 50
    for rule in anchored:
        assert [m.span() for m in rule.finditer(text)] == [m.span() for m in rule.regex.finditer(text)], (
            rule.id
        )


def test_stopword_allowlist_is_a_substring_test():
    from verdict.runtime.detectors.secrets import Allowlist

    allow = Allowlist(stopwords=("abc", "ab", "xyz-", "cde"))
    for secret, expected in [
        ("zzABzz", True),
        ("abd", True),
        ("xyz", False),
        ("aXbcd", False),
        ("1cde", True),
    ]:
        assert allow.allows(secret, secret, secret) is expected


PHONE_STRETCHES = [
    "011 44 20 7946 0958",
    "1 415 555 0132",
    "+1 415 555 0132",
    "(212) 555-0199",
    "0044 20 7946 0958",
]


@pytest.mark.parametrize("stretch", PHONE_STRETCHES)
def test_phone_precheck_keeps_numbers_the_matcher_finds(stretch):
    assert PhoneDetector()._worth_matching(stretch)
    assert PhoneDetector().detect(stretch, CTX) or stretch.startswith("00")


@given(st.lists(st.sampled_from("0123456789" * 3 + " -.()/"), min_size=7, max_size=22).map("".join))
@settings(max_examples=300, deadline=None)
def test_phone_precheck_skips_only_stretches_without_a_match(stretch):
    from phonenumbers import Leniency, PhoneNumberMatcher

    if not PhoneDetector()._worth_matching(stretch):
        assert list(PhoneNumberMatcher(stretch, "US", leniency=Leniency.VALID)) == []
