"""The sentence around a value (`sentences.sentence`), which the public-place test and the contact-name
rules both read: (text, value, the sentence expected)."""

from __future__ import annotations

import pytest

from verdict.runtime.sentences import REACH, sentence

CASES = [
    (
        "I moved last year. Ship it to 12 Baker Street now! Thanks.",
        "12 Baker Street",
        "Ship it to 12 Baker Street now",
    ),
    # a line break inside a paragraph ends nothing: a wrapped sentence, a card, a block under its heading
    (
        "Please contact John Smith on\n+1 415 555 0132 for details.",
        "+1 415 555 0132",
        "Please contact John Smith on\n+1 415 555 0132 for details",
    ),
    ("John Smith\nSales Director\nPhone: +1 415 555 0132", "+1 415 555 0132", None),
    ("The museum's address is:\n5 Avenue Anatole France\n75007 Paris", "75007 Paris", None),
    # a blank line does
    (
        "Albert Einstein\nMarie Curie\n\nFor tours, call (415) 555-0100.",
        "(415) 555-0100",
        "For tours, call (415) 555-0100",
    ),
    ("Send it to 12 Oak Street\n\nThanks, Bob", "12 Oak Street", "Send it to 12 Oak Street"),
    # a version number or a decimal is no sentence end: the mark must stand before whitespace
    ("Release 3.1.4 moved to 12 Oak Street today", "12 Oak Street", None),
]


@pytest.mark.parametrize(("text", "value", "expected"), CASES)
def test_the_sentence_around_a_value(text, value, expected):
    start = text.index(value)
    begin, end = sentence(text, start, start + len(value))
    assert text[begin:end].strip() == (text if expected is None else expected)


def test_a_break_inside_a_value_given_ends_no_sentence():
    text = "Ship it to 1420 Oak Street, Apt. 3B, Springfield, IL 62704 by Friday."
    address = (text.index("1420"), text.index(" by"))
    phone_like = text.index("62704")
    assert text[slice(*sentence(text, phone_like, phone_like + 5))] == " 3B, Springfield, IL 62704 by Friday"
    begin, end = sentence(text, phone_like, phone_like + 5, within=[address])
    assert text[begin:end] == text[:-1]


def test_a_sentence_reaches_so_far_either_side():
    text = "x " * REACH + "call 555-0100 " + "y " * REACH
    start = text.index("555")
    begin, end = sentence(text, start, start + 8)
    assert (begin, end) == (start - REACH, start + 8 + REACH)
