"""Model span tidying: touching pieces merge, edge punctuation goes, values with punctuation keep it."""

import pytest

from verdict.runtime.decode import Span
from verdict.runtime.spans import tidy


def spans_of(text: str, *parts: tuple[str, str, float]) -> list[Span]:
    out, at = [], 0
    for entity_type, piece, score in parts:
        start = text.index(piece, at)
        out.append(Span(entity_type, start, start + len(piece), score))
        at = start + len(piece)
    return out


def values(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    return [(s.type, text[s.start : s.end]) for s in spans]


@pytest.mark.parametrize(
    ("text", "piece", "entity_type", "expected"),
    [
        ("Ship to 9 Travis Arcade, Springfield.", "9 Travis Arcade,", "STREET_ADDRESS", "9 Travis Arcade"),
        (
            "Lives at Stretto Amedeo, 694. Thanks",
            "Stretto Amedeo, 694.",
            "STREET_ADDRESS",
            "Stretto Amedeo, 694",
        ),
        ("Mail (jane@acme.io) now", "(jane@acme.io)", "EMAIL_ADDRESS", "jane@acme.io"),
        ("Call (11) 2347-4829 today", "(11) 2347-4829", "PHONE_NUMBER", "(11) 2347-4829"),
        ('Name: "Ana Ruiz" signed', '"Ana Ruiz"', "PERSON", "Ana Ruiz"),
        ('Name: Ana Ruiz" signed', 'Ana Ruiz"', "PERSON", "Ana Ruiz"),
        ("password: Dragon2024#.", "Dragon2024#.", "PASSWORD", "Dragon2024#."),
        ("key = 'abcd1234efgh==' ok", "abcd1234efgh==", "GENERIC_API_KEY", "abcd1234efgh=="),
        (
            "See https://x.io/in/jf-d4\n- Mobile +1 555",
            "https://x.io/in/jf-d4\n- Mobile +1",
            "URL",
            "https://x.io/in/jf-d4",
        ),
        ("**pwd:** v%R_2Eo4\n**iban:**", "v%R_2Eo4\n*", "PASSWORD", "v%R_2Eo4"),
        ("to:\n Ana Ruiz\nthanks", "\n Ana Ruiz\n", "PERSON", "Ana Ruiz"),
        (
            "Ship to 9 Travis Arcade\nSpringfield now",
            "9 Travis Arcade\nSpringfield",
            "STREET_ADDRESS",
            "9 Travis Arcade\nSpringfield",
        ),
    ],
)
def test_edges(text, piece, entity_type, expected):
    out = tidy(spans_of(text, (entity_type, piece, 0.9)), text)
    assert values(text, out) == [(entity_type, expected)]


def test_touching_pieces_of_one_type_merge_with_a_length_weighted_score():
    text = "pwd b9+B2QUia2@!9Q end"
    out = tidy(spans_of(text, ("PASSWORD", "b9", 0.5), ("PASSWORD", "+B2QUia2@!9Q", 0.8)), text)
    assert values(text, out) == [("PASSWORD", "b9+B2QUia2@!9Q")]
    assert out[0].score == pytest.approx((0.5 * 2 + 0.8 * 12) / 14)


def test_spans_apart_or_of_other_types_stay_apart():
    text = "Alice Bob and 4111"
    spans = spans_of(text, ("PERSON", "Alice", 0.9), ("PERSON", "Bob", 0.9), ("AGE", "4111", 0.6))
    assert values(text, tidy(spans, text)) == [("PERSON", "Alice"), ("PERSON", "Bob"), ("AGE", "4111")]
    text = "id A1B2 rest"
    spans = spans_of(text, ("US_PASSPORT", "A1", 0.9), ("PASSPORT", "B2", 0.9))
    assert len(tidy(spans, text)) == 2


@pytest.mark.parametrize(
    ("text", "piece", "entity_type"),
    [("Call ( now", "(", "PHONE_NUMBER"), ("-H X-Api-Key: k", "X", "SLACK_TOKEN"), ("a , b", ",", "PERSON")],
)
def test_punctuation_only_and_too_short_secrets_are_dropped(text, piece, entity_type):
    assert tidy(spans_of(text, (entity_type, piece, 0.9)), text) == []


@pytest.mark.parametrize(
    ("text", "piece", "entity_type", "kept"),
    [
        ("The drifter pinned Marcus", "er", "PERSON", False),  # the tail of a word
        ("Flights to Lisbonne", "Lisbon", "LOCATION", False),  # the head of one
        ("Marcus's shirt", "Marcus", "PERSON", True),  # a possessive is a word of its own
        ("cc @AnaRuiz now", "AnaRuiz", "PERSON", True),  # a handle's name after its @
        ("#London2024", "London", "LOCATION", False),  # glued to digits: a piece of a tag
        ("id A1B2 rest", "A1", "US_PASSPORT", True),  # IDs are not words: left to their validators
    ],
)
def test_names_are_whole_words(text, piece, entity_type, kept):
    out = tidy(spans_of(text, (entity_type, piece, 0.9)), text)
    assert values(text, out) == ([(entity_type, piece)] if kept else [])
