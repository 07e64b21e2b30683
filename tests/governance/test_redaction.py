"""Redaction operators on every span shape, and properties of the merger (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verdict.governance.policy.redaction import (
    Hash,
    KeepLast,
    Mask,
    Remove,
    Replace,
    Span,
    merge_spans,
    redact,
    redact_spans,
)

SALT = b"0123456789abcdef-test-salt"
TEXT = "Mail john@example.com or call 555-0100 today."
EMAIL = (5, 21)  # john@example.com
PHONE = (30, 38)  # 555-0100


@pytest.mark.parametrize(
    "operator, expected",
    [
        (Replace(), "Mail <EMAIL_ADDRESS> or call 555-0100 today."),
        (Replace(template="[redacted]"), "Mail [redacted] or call 555-0100 today."),
        (Mask(), "Mail **************** or call 555-0100 today."),
        (Mask(char="#", keep_format=True), "Mail ####@#######.### or call 555-0100 today."),
        (KeepLast(n=4), "Mail ************.com or call 555-0100 today."),
        (KeepLast(n=0), "Mail **************** or call 555-0100 today."),
        (KeepLast(n=99), TEXT),
        (Remove(), "Mail  or call 555-0100 today."),
    ],
)
def test_operator_on_one_span(operator, expected):
    assert redact(TEXT, [(*EMAIL, "EMAIL_ADDRESS")], {"EMAIL_ADDRESS": operator}) == expected


def test_hash_is_keyed_deterministic_and_hides_the_value():
    op = Hash(salt=SALT, length=12)
    a = redact(TEXT, [(*EMAIL, "EMAIL_ADDRESS")], {"*": op})
    b = redact(TEXT, [(*EMAIL, "EMAIL_ADDRESS")], {"*": op})
    other = redact(
        TEXT, [(*EMAIL, "EMAIL_ADDRESS")], {"*": Hash(salt=b"another-salt-of-16+bytes", length=12)}
    )
    assert a == b != other
    assert (
        "john" not in a and a.startswith("Mail <EMAIL_ADDRESS:") and len(a.split(":")[1].split(">")[0]) == 12
    )
    assert "salt" not in repr(op).replace("salt=<", "")  # the salt never shows up in logs


@pytest.mark.parametrize(
    "spans, expected",
    [
        # shape: disjoint
        (
            [(*EMAIL, "EMAIL_ADDRESS"), (*PHONE, "PHONE_NUMBER")],
            "Mail <EMAIL_ADDRESS> or call <PHONE_NUMBER> today.",
        ),
        # shape: identical spans from two detectors
        ([(*EMAIL, "EMAIL_ADDRESS", 0.6), (*EMAIL, "URL", 0.9)], "Mail <URL> or call 555-0100 today."),
        # shape: nested (the outer span wins on length at equal score)
        (
            [(5, 21, "EMAIL_ADDRESS", 0.8), (10, 17, "URL", 0.8)],
            "Mail <EMAIL_ADDRESS> or call 555-0100 today.",
        ),
        # shape: partial overlap, higher score names the union
        ([(5, 12, "PERSON", 0.9), (9, 21, "EMAIL_ADDRESS", 0.7)], "Mail <PERSON> or call 555-0100 today."),
        # shape: adjacent spans merge (no fragment between two replacements)
        (
            [(5, 9, "PERSON", 0.5), (9, 21, "EMAIL_ADDRESS", 0.9)],
            "Mail <EMAIL_ADDRESS> or call 555-0100 today.",
        ),
        # shape: at the very start and the very end
        ([(0, 4, "PERSON"), (44, 45, "AGE")], "<PERSON> john@example.com or call 555-0100 today<AGE>"),
        # shape: whole text
        ([(0, len(TEXT), "PERSON")], "<PERSON>"),
        # shape: empty span is ignored; order of input does not matter
        (
            [(*PHONE, "PHONE_NUMBER"), (3, 3, "PERSON"), (*EMAIL, "EMAIL_ADDRESS")],
            "Mail <EMAIL_ADDRESS> or call <PHONE_NUMBER> today.",
        ),
        # tie on score and length: alphabetical type
        (
            [(*EMAIL, "URL", 0.5), (*EMAIL, "EMAIL_ADDRESS", 0.5)],
            "Mail <EMAIL_ADDRESS> or call 555-0100 today.",
        ),
    ],
)
def test_span_shapes(spans, expected):
    assert redact(TEXT, spans) == expected


@pytest.mark.parametrize(
    "operator", [Replace(), Mask(), Mask(keep_format=True), KeepLast(n=2), Remove(), Hash(salt=SALT)]
)
@pytest.mark.parametrize(
    "spans", [[(5, 12, "PERSON"), (9, 21, "EMAIL_ADDRESS")], [(5, 9, "A"), (9, 21, "B")], [(0, 45, "X")]]
)
def test_every_operator_on_every_merge_shape(operator, spans):
    result, replacements = redact_spans(TEXT, spans, {"*": operator})
    (rep,) = replacements
    assert result[: rep.new_start] == TEXT[: rep.start]
    assert result[rep.new_end :] == TEXT[rep.end :]


def test_offsets_are_checked():
    with pytest.raises(ValueError, match="outside the text"):
        redact("short", [(2, 9, "PERSON")])


def test_offsets_on_non_ascii_text():
    text = "Zoë Ångström 🙂 zoe@example.se"
    start = text.index("zoe@")
    assert (
        redact(text, [(0, 12, "PERSON"), (start, len(text), "EMAIL_ADDRESS")])
        == "<PERSON> 🙂 <EMAIL_ADDRESS>"
    )


# -- properties --------------------------------------------------------------------------------------

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 .@-\u00e9\U0001f642"


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=80))
    n = draw(st.integers(0, 6))
    spans = []
    for _ in range(n):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        spans.append(
            Span(
                a, b, draw(st.sampled_from(["PERSON", "EMAIL_ADDRESS", "CREDIT_CARD"])), draw(st.floats(0, 1))
            )
        )
    return text, spans


OPERATORS = [Replace(), Mask(), Remove(), Hash(salt=SALT), KeepLast(n=0)]


@settings(max_examples=300, deadline=None)
@given(text_and_spans(), st.sampled_from(OPERATORS))
def test_outside_unchanged_and_values_gone(case, operator):
    text, spans = case
    result, replacements = redact_spans(text, spans, {"*": operator})
    merged = merge_spans(spans, len(text))
    assert [(r.start, r.end) for r in replacements] == [(m.start, m.end) for m in merged]
    # text outside every span is unchanged, and sits at the offsets the replacements say
    cursor_old, cursor_new = 0, 0
    for rep in replacements:
        assert result[cursor_new : rep.new_start] == text[cursor_old : rep.start]
        cursor_old, cursor_new = rep.end, rep.new_end
        # a redacted value never survives inside its replacement (operators output a fixed alphabet)
        value = text[rep.start : rep.end]
        replaced = result[rep.new_start : rep.new_end]
        if any(c in "éz🙂" for c in value):  # characters no operator ever emits
            assert value not in replaced
    assert result[cursor_new:] == text[cursor_old:]


@settings(max_examples=200, deadline=None)
@given(text_and_spans())
def test_merged_spans_are_disjoint_sorted_and_cover_the_input(case):
    text, spans = case
    merged = merge_spans(spans, len(text))
    for a, b in zip(merged, merged[1:]):
        assert a.end < b.start  # adjacent spans were merged too
    covered = {i for m in merged for i in range(m.start, m.end)}
    assert covered == {i for s in spans for i in range(s.start, s.end)}


@settings(max_examples=200, deadline=None)
@given(text_and_spans())
def test_merge_is_order_independent(case):
    text, spans = case
    assert redact(text, spans) == redact(text, list(reversed(spans)))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="xyz", min_size=3, max_size=40), st.sampled_from(OPERATORS[:4]))
def test_fully_redacted_value_leaves_nothing(value, operator):
    text = f"id: {value}!"
    out = redact(text, [(4, 4 + len(value), "PASSWORD")], {"*": operator})
    assert value not in out and out.startswith("id: ") and out.endswith("!")
