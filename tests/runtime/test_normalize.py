from __future__ import annotations

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
    list("\u200b\u200d\u00ad\u202e\u2066\u0430\u0435\u0391\uff11\ufb01\u0301 .-[]()@at dot")
    + ["[at]", "(dot)"]
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
