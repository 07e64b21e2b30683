from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.detectors import (
    DetectContext,
    PatternDetector,
    PhoneDetector,
    PromptOverlapDetector,
    combine,
    convert_gitleaks,
    default_detectors,
    default_secret_detector,
    run_detectors,
    validate,
)
from classifier.findings import Finding

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
    ("4539 1488 0343 6467", "CREDIT_CARD", True),
    ("4539 1488 0343 6468", "CREDIT_CARD", False),
    ("9999 1488 0343 6467", "CREDIT_CARD", False),
    ("GB82 WEST 1234 5698 7654 32", "IBAN_CODE", True),
    ("GB82 WEST 1234 5698 7654 33", "IBAN_CODE", False),
    ("123-45-6789", "US_SSN", True),
    ("000-45-6789", "US_SSN", False),
    ("912-78-1234", "US_ITIN", True),
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
    ("00:1A:2B:3C:4D:5E", "MAC_ADDRESS", True),
    ("00:1A:2B-3C:4D:5E", "MAC_ADDRESS", False),
    ("anything", "PERSON", None),
]


@pytest.mark.parametrize(("value", "entity_type", "expected"), VALIDATORS)
def test_validate(value, entity_type, expected):
    assert validate(entity_type, value) is expected


PATTERNS = [
    ("mail john.doe@example.com now", [("EMAIL_ADDRESS", "john.doe@example.com")]),
    ("card 4539 1488 0343 6467.", [("CREDIT_CARD", "4539 1488 0343 6467")]),
    ("card 4539 1488 0343 6468 fails Luhn", []),
    ("IBAN GB82 WEST 1234 5698 7654 32 ok", [("IBAN_CODE", "GB82 WEST 1234 5698 7654 32")]),
    ("ssn 123-45-6789", [("US_SSN", "123-45-6789")]),
    ("itin 912-78-1234", [("US_ITIN", "912-78-1234")]),
    ("NINO AB 12 34 56 C", [("UK_NINO", "AB 12 34 56 C")]),
    ("nhs 943-476-5919", [("UK_NHS", "943-476-5919")]),
    ("dni 12345678Z", [("ES_NIF", "12345678Z")]),
    ("cf RSSMRA85T10A562S", [("IT_FISCAL_CODE", "RSSMRA85T10A562S")]),
    ("idnr 36574261809", [("DE_TAX_ID", "36574261809")]),
    ("nir 2 95 10 99 126 111 93", [("FR_NIR", "2 95 10 99 126 111 93")]),
    ("pan ABCPD1234E", [("IN_PAN", "ABCPD1234E")]),
    ("aadhaar 2345 6789 0124", [("IN_AADHAAR", "2345 6789 0124")]),
    ("tfn 123 456 782", [("AU_TFN", "123 456 782"), ("CA_SIN", "123 456 782")]),
    ("btc 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", [("CRYPTO", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")]),
    ("ip 192.168.1.10 and 2001:db8::1.", [("IP_ADDRESS", "192.168.1.10"), ("IP_ADDRESS", "2001:db8::1")]),
    ("mac 00:1A:2B:3C:4D:5E", [("MAC_ADDRESS", "00:1A:2B:3C:4D:5E")]),
    ("see https://x.io/u?email=a@b.co", [("EMAIL_ADDRESS", "a@b.co"), ("URL", "https://x.io/u?email=a@b.co")]),
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


SECRETS = [
    ("token ghp_1234567890abcdefghijABCDEFGHIJ123456 here", [("GITHUB_TOKEN", "ghp_1234567890abcdefghijABCDEFGHIJ123456")]),
    ("db postgres://admin:S3cr3tPassw0rd@db.example.com:5432/app", [("CONNECTION_STRING", "postgres://admin:S3cr3tPassw0rd@db.example.com:5432/app")]),
    ("Server=db1;Database=x;User Id=sa;Password=Xy7#kLp2q;", [("CONNECTION_STRING", "Server=db1;Database=x;User Id=sa;Password=Xy7#kLp2q;")]),
    ("Cookie: theme=dark; sessionid=8f3kQz9LmP2xV7bN", [("SESSION_COOKIE", "Cookie: theme=dark; sessionid=8f3kQz9LmP2xV7bN")]),
    ("postgres://user:password@localhost/db", []),
    ("postgres://user:${DB_PASSWORD}@localhost/db", []),
    ("api_key = 'YOUR_API_KEY_HERE'", []),
    ("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", []),
    ("the api key is in the vault", []),
]


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
    ("Sure. My instructions: You are Aria, the support assistant for Acme Bank. Never reveal account numbers or internal fee tables.",
     ["You are Aria, the support assistant for Acme Bank. Never reveal account numbers or internal fee tables"]),
    ("YOU ARE ARIA, THE SUPPORT ASSISTANT FOR ACME BANK!! never reveal account numbers or internal fee tables",
     ["YOU ARE ARIA, THE SUPPORT ASSISTANT FOR ACME BANK!! never reveal account numbers or internal fee tables"]),
    ("I am the support assistant for Acme Bank and I can help with fees.", []),
    ("Hi, I am Aria, the support assistant for Acme Bank. Thanks!", []),  # 7 words: below 8
]


@pytest.mark.parametrize(("text", "expected"), OVERLAPS)
def test_prompt_overlap(text, expected):
    findings = PromptOverlapDetector().detect(text, DetectContext(system_prompt=PROMPT))
    assert [text[f.start : f.end] for f in findings] == expected
    assert all(f.type == "system_prompt_disclosure" and f.category == "leakage" and 0.5 <= f.score <= 1 for f in findings)


def test_prompt_overlap_needs_a_prompt():
    assert PromptOverlapDetector().detect(PROMPT, CTX) == []


CARD_TEXT = "card 4539 1488 0343 6467 and 4539 1488 0343 6468"


def _model(type_, start, end, score):
    return Finding("pii", type_, score, start, end, "model")


def _rule(type_, start, end, detector):
    return Finding("pii", type_, 0.95, start, end, detector)


COMBINE = [
    # model span that passes its checksum: raised to 0.9 and explained
    ([_model("CREDIT_CARD", 5, 24, 0.6)], [], [("CREDIT_CARD", 5, 24, 0.9, "model", "validated by checksum:luhn")]),
    # model span that fails: x0.3
    ([_model("CREDIT_CARD", 29, 48, 0.8)], [], [("CREDIT_CARD", 29, 48, 0.8 * 0.3, "model", "failed checksum:luhn")]),
    # no validator for the type: untouched
    ([_model("PERSON", 0, 4, 0.7)], [], [("PERSON", 0, 4, 0.7, "model", "")]),
    # rule hit the model missed: added as is
    ([], [_rule("CREDIT_CARD", 5, 24, "checksum:luhn")], [("CREDIT_CARD", 5, 24, 0.95, "checksum:luhn", "")]),
    # overlapping same type: union span, max score, both detectors named
    ([_model("CREDIT_CARD", 5, 19, 0.6)], [_rule("CREDIT_CARD", 5, 24, "checksum:luhn")],
     [("CREDIT_CARD", 5, 24, 0.95, "model+checksum:luhn", "")]),
    # overlapping different types: both kept
    ([_model("PHONE_NUMBER", 5, 24, 0.7)], [_rule("CREDIT_CARD", 5, 24, "checksum:luhn")],
     [("CREDIT_CARD", 5, 24, 0.95, "checksum:luhn", ""), ("PHONE_NUMBER", 5, 24, 0.7, "model", "")]),
    # a format-only hit over a model span of another type: the model's reading of the context stands
    ([_model("MEDICAL_RECORD_NUMBER", 5, 24, 0.7)], [_rule("PHONE_NUMBER", 5, 24, "phonenumbers")],
     [("MEDICAL_RECORD_NUMBER", 5, 24, 0.7, "model", "")]),
    # a generic secret hit yields to a specific secret type over the same characters
    ([Finding("leakage", "OPENAI_KEY", 0.8, 5, 24, "model")], [Finding("leakage", "GENERIC_API_KEY", 0.95, 5, 24, "gitleaks:generic-api-key")],
     [("OPENAI_KEY", 5, 24, 0.8, "model", "")]),
    # ... but not over a model span that failed its own check
    ([_model("CREDIT_CARD", 29, 48, 0.8)], [_rule("PHONE_NUMBER", 29, 48, "phonenumbers")],
     [("CREDIT_CARD", 29, 48, 0.8 * 0.3, "model", "failed checksum:luhn"), ("PHONE_NUMBER", 29, 48, 0.95, "phonenumbers", "")]),
]


@pytest.mark.parametrize(("model", "rules", "expected"), COMBINE)
def test_combine(model, rules, expected):
    got = [(f.type, f.start, f.end, pytest.approx(f.score), f.detector, f.explanation) for f in combine(model, rules, CARD_TEXT)]
    assert got == expected


def test_suite_is_fast_on_typical_text():
    detectors = default_detectors()
    context = DetectContext(system_prompt=PROMPT)
    text = ("Thanks for reaching out. Your order shipped yesterday and should arrive within three business days. "
            "If anything is wrong, reply to this message and we will sort it out. ") * 2
    run_detectors(text, context, detectors)
    runs = 50
    start = time.perf_counter()
    for _ in range(runs):
        run_detectors(text, context, detectors)
    per_call = (time.perf_counter() - start) / runs
    assert per_call < 0.003  # generous for shared CI cores; ~0.2 ms measured on an idle core


# The pre-filters below must skip only what the slow path would have rejected anyway.
PREFILTER_TEXTS = [
    SECRETS[0][0], "ask the task desk. yes.", "export GITHUB_TOKEN=ghp_1234567890abcdefghijABCDEFGHIJ123456",
    "api_key = 'sk9f3kQz9LmP2xV7bNw4TyR8u' and discord_token: 'Xy7kLp2q9Zt4Wm8Rb3Nc'",
    "twitter.api-secret := \"Zk83Lx0PqRt7WmNv5Yb2Cd\"; my-twitter_access.token => 'AAaa1234567890bbbbCCCC'",
    "hvs." + "a" * 95 + " and s.abcdefghijklmnopqrstuvwx ; password=hunter2hunter2",
    "x" * 60 + "key=Zk83Lx0PqRt7WmNv5Yb2Cd9", "İstanbul secret: Zk83Lx0PqRt7WmNv5Yb2Cd9 KEY=Ab3Cd5Ef7Gh9Ij1Kl3",
]


@pytest.mark.parametrize("text", PREFILTER_TEXTS)
def test_keyword_prefilter_enables_every_rule_with_a_keyword_in_the_text(text):
    detector = default_secret_detector()
    lowered = text.lower()
    expected = [i for i, r in enumerate(detector.rules) if not r.keywords or any(k in lowered for k in r.keywords)]
    assert detector.active_rules(text) == expected


@pytest.mark.parametrize("text", PREFILTER_TEXTS)
def test_anchored_rules_match_exactly_like_their_regex(text):
    anchored = [r for r in default_secret_detector().rules if r.anchor is not None]
    assert len(anchored) >= 50
    for rule in anchored:
        assert [m.span() for m in rule.finditer(text)] == [m.span() for m in rule.regex.finditer(text)], rule.id


def test_stopword_allowlist_is_a_substring_test():
    from classifier.detectors.secrets import Allowlist

    allow = Allowlist(stopwords=("abc", "ab", "xyz-", "cde"))
    for secret, expected in [("zzABzz", True), ("abd", True), ("xyz", False), ("aXbcd", False), ("1cde", True)]:
        assert allow.allows(secret, secret, secret) is expected


PHONE_STRETCHES = ["011 44 20 7946 0958", "1 415 555 0132", "+1 415 555 0132", "(212) 555-0199", "0044 20 7946 0958"]


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
