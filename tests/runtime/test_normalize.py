from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verdict.runtime.normalize import normalize

# (original, clean text, a substring of the clean text, the exact original it must map back to)
ROUND_TRIPS = [
    ("mail jo\u200bhn@x.com now", "mail john@x.com now", "john@x.com", "jo\u200bhn@x.com"),
    ("login at p\u0430ypal.com", "login at paypal.com", "paypal.com", "p\u0430ypal.com"),
    ("card \uff14\uff11\uff11\uff11 1111", "card 4111 1111", "4111", "\uff14\uff11\uff11\uff11"),
    ("ssn 1 2 3 4 5 6 7 8 9 ok", "ssn 123456789 ok", "123456789", "1 2 3 4 5 6 7 8 9"),
    ("id 4-1-1-1-1-1-1 end", "id 4111111 end", "4111111", "4-1-1-1-1-1-1"),
    (
        "write john [at] example [dot] com",
        "write john@example.com",
        "john@example.com",
        "john [at] example [dot] com",
    ),
    ("x (at) y (dot) org", "x@y.org", "@", " (at) "),
    ("caf\u0065\u0301 time", "caf\u00e9 time", "\u00e9", "e\u0301"),
    ("\ufb01ne", "fine", "f", "\ufb01"),
    ("\u202eabc\u202c def", "abc def", "abc", "abc"),
    # control and format characters between digit groups, a NUL inside an address
    ("card 4111\x011111\x021111 1111.", "card 411111111111 1111.", "411111111111", "4111\x011111\x021111"),
    ("pay 4539\u20611488\u20630343 6467", "pay 453914880343 6467", "14880343", "1488\u20630343"),
    ("mail jane.doe\x00@acme-mail.com", "mail jane.doe@acme-mail.com", "doe@acme", "doe\x00@acme"),
    # digits of every script, 1:1
    ("card \u0664\u0665\u0663\u0669 end", "card 4539 end", "4539", "\u0664\u0665\u0663\u0669"),
    ("pin \u096a\u0e54\u09ea\u1814\U0001d7dc", "pin 44444", "44444", "\u096a\u0e54\u09ea\u1814\U0001d7dc"),
    # an address spelled out in words
    (
        "write to jane dot doe at acme-mail dot com today",
        "write to jane.doe@acme-mail.com today",
        "jane.doe@acme-mail.com",
        "jane dot doe at acme-mail dot com",
    ),
    ("Jo AT mail DOT example DOT org", "Jo@mail.example.org", "@", " AT "),
]


@pytest.mark.parametrize(("original", "clean", "piece", "expected"), ROUND_TRIPS)
def test_round_trip(original, clean, piece, expected):
    n = normalize(original)
    assert n.text == clean
    start = clean.index(piece)
    a, b = n.to_original(start, start + len(piece))
    assert original[a:b] == expected


@pytest.mark.parametrize("text", ["plain ascii text", "call 555-123-4567", "1.2.3 version", ""])
def test_ascii_without_rewrites_is_identity(text):
    n = normalize(text)
    assert n.text == text and n.starts is None
    assert n.to_original(0, len(text)) == (0, len(text))


@pytest.mark.parametrize("text", ["12 3 4 5 6 7 8", "4 1 1 1 1 1 1 1 12", "1 2 3 4 5"])
def test_digit_runs_not_cut_from_longer_numbers(text):
    assert normalize(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "Read more at www.nlm.nih.gov today.",  # " at " before a real domain is prose
        "Report it to the FTC at reportfraud.ftc.gov.",
        "It burst like the dot com bubble at last.",
        "Meet me at noon dot five.",
        "Tabs\tand\nbreaks\r\nand a page\x0cbreak stay.",
        "Caf\u00e9, na\u00efve, \u00fcber, \u0645\u0631\u062d\u0628\u0627, \u4f60\u597d",
    ],
)
def test_ordinary_text_keeps_its_words(text):
    assert normalize(text).text == unicodedata.normalize("NFKC", text)


# normalize() also prepares training text: these ordinary sets must normalize exactly as they did before
# the evasion folds (control/format characters, digit scripts, spelled-out addresses) were added. Digests
# of (clean text, offset map) per text, recorded with the normalize() of 2efb2c0.
_ORDINARY_DIGESTS = {
    "benchmarks/everyday/benign-a.jsonl": "060a1cfbd971c808e698ee8990dbe03095a84093244e970d3b12a9dc5b537a97",
    "benchmarks/everyday/benign-b.jsonl": "9c4cfb90eb2b0839735511887d5777dec9860025bfd8e7b3010f4596d3547b73",
    "benchmarks/everyday/benign-c.jsonl": "9055d8edb402e92befd1252ef0836a6ec1a1c5192b53c72654f8d2b4fcbe451b",
    "benchmarks/everyday/harmful.jsonl": "a7ed64c9ee218971778fe315f06f70458edfa79443ce403a939b9332b11e2593",
    "benchmarks/probes/test.jsonl": "514522d5861e4a226217a08c7047f7120f28ec3c843278eef7d97a37c9586df2",
}
_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", sorted(_ORDINARY_DIGESTS))
def test_ordinary_corpus_normalizes_as_before(path):
    digest = hashlib.sha256()
    for line in (_ROOT / path).read_text(encoding="utf-8").splitlines():
        n = normalize(json.loads(line)["text"])
        digest.update(n.text.encode() + b"\x00" + repr((n.starts, n.ends)).encode() + b"\x00")
    assert digest.hexdigest() == _ORDINARY_DIGESTS[path]


def test_empty_span_inside_an_expanded_character_stays_monotone():
    n = normalize("0\u00b4\u00b4")  # NFKC: each acute accent becomes a space + U+0301
    assert n.text == "0 \u0301 \u0301"
    assert n.to_original(1, 2) == (1, 2)
    assert n.to_original(2, 2) == (1, 2)  # inside the expansion of original char 1
    assert n.to_original(3, 3) == (2, 2)


def test_span_outside_clean_text_is_rejected():
    with pytest.raises(ValueError):
        normalize("abc").to_original(2, 5)


_TRICKY = st.sampled_from(
    list(
        "\u200b\u200d\u00ad\u202e\u2066\u0430\u0435\u0391\uff11\ufb01\u0301 .-[]()@at dot\x00\x01\u0664\u2061"
    )
    + ["[at]", "(dot)", " at ", " dot ", "jo", "com"]
)
_TEXT = st.lists(st.one_of(st.characters(), _TRICKY, st.sampled_from("0123456789 ")), max_size=40).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.data())
def test_to_original_is_a_valid_monotone_span(text, data):
    n = normalize(text)
    size = len(n.text)
    s1, s2 = sorted(data.draw(st.lists(st.integers(0, size), min_size=2, max_size=2)))
    e1, e2 = sorted(data.draw(st.lists(st.integers(s2, size), min_size=2, max_size=2)))
    a1, b1 = n.to_original(s1, e1)
    a2, b2 = n.to_original(s2, e2)
    assert 0 <= a1 <= b1 <= len(text) and 0 <= a2 <= b2 <= len(text)
    assert a1 <= a2 and b1 <= b2
    if e1 > s1:
        assert a1 < b1  # a non-empty clean span never maps to nothing


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_identity_mapped_runs_equal_their_original(text):
    n = normalize(text)
    identity = []
    for i, char in enumerate(n.text):
        a, b = n.to_original(i, i + 1)
        identity.append(b - a == 1 and text[a] == char)
    for start in range(len(n.text)):
        end = start
        while end < len(n.text) and identity[end]:
            end += 1
        a, b = n.to_original(start, end)
        if b - a == end - start:
            assert text[a:b] == n.text[start:end]
