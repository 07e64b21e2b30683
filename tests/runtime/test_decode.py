"""Decode tables: synthetic logits in, spans on the clean text out; overlapping windows merged."""

from __future__ import annotations

import numpy as np
import pytest

from verdict.runtime.backends.base import WindowOutput
from verdict.runtime.decode import core_ranges, decode, mean_embedding, sigmoid
from verdict.runtime.windows import NO_WORD, Window

TAGS = ("O", "B-PERSON", "I-PERSON", "B-EMAIL_ADDRESS", "I-EMAIL_ADDRESS")
SPECIAL = ((0, 0), -1)


def tokens_of(text):
    """Whitespace tokens; a '|' inside a word splits it into subword pieces of one word."""
    out, pos = [], 0
    for word_index, word in enumerate(text.split(" ")):
        for piece in word.split("|"):
            out.append(((pos, pos + len(piece)), word_index))
            pos += len(piece)
        pos += 1
    return out, text.replace("|", "")


def window_of(tokens, first_token=0):
    offsets = ((0, 0),) + tuple(o for o, _ in tokens) + ((0, 0),)
    words = (NO_WORD,) + tuple(w for _, w in tokens) + (NO_WORD,)
    return Window(
        tuple(range(len(offsets))),
        offsets,
        tokens[0][0][0] if tokens else 0,
        tokens[-1][0][1] if tokens else 0,
        first_token,
        words,
    )


def output_of(tags, prob=0.9, topics=(0.0,), leak=(0.0,), embedding=(1.0, 0.0)):
    """Logits whose softmax gives `prob` to each token's tag (specials get "O")."""
    n = len(TAGS)
    rest = np.log((1 - prob) / (n - 1))
    logits = np.full((len(tags) + 2, n), rest)
    for row, tag in enumerate(("O", *tags, "O")):
        logits[row, TAGS.index(tag)] = np.log(prob)
    return WindowOutput(
        logits.astype(np.float32),
        np.array(topics, np.float32),
        np.array(leak, np.float32),
        np.array(embedding, np.float32),
    )


def spans(text, tags, prob=0.9):
    tokens, clean = tokens_of(text)
    decoded = decode([window_of(tokens)], [output_of(tags, prob)], TAGS)
    return [(s.type, clean[s.start : s.end]) for s in decoded.entities], decoded


@pytest.mark.parametrize(
    "text, tags, expected",
    [
        ("hi Jane Doe now", ["O", "B-PERSON", "I-PERSON", "O"], [("PERSON", "Jane Doe")]),
        ("Jane Bob", ["B-PERSON", "B-PERSON"], [("PERSON", "Jane"), ("PERSON", "Bob")]),
        ("x Doe y", ["O", "I-PERSON", "O"], [("PERSON", "Doe")]),  # orphan I- starts a span
        ("Jane a@b.c", ["B-PERSON", "I-EMAIL_ADDRESS"], [("PERSON", "Jane"), ("EMAIL_ADDRESS", "a@b.c")]),
        ("Jo|anna x", ["B-PERSON", "O", "O"], [("PERSON", "Joanna")]),  # subword piece joins its word
        ("Jo|anna x", ["B-PERSON", "B-EMAIL_ADDRESS", "O"], [("PERSON", "Joanna")]),
        ("x y", ["O", "O"], []),
        ("end Jane", ["O", "B-PERSON"], [("PERSON", "Jane")]),  # span open at the end
    ],
)
def test_bio_table(text, tags, expected):
    found, _ = spans(text, tags)
    assert found == expected


def test_span_score_is_mean_entity_probability():
    _, decoded = spans("Jane Doe", ["B-PERSON", "I-PERSON"], prob=0.8)
    rest = 0.2 / (len(TAGS) - 1)
    assert decoded.entities[0].score == pytest.approx(0.8 + rest, abs=1e-5)


def test_empty_window_decodes_to_nothing():
    decoded = decode([window_of([])], [output_of([])], TAGS)
    assert decoded.entities == () and decoded.num_tokens == 0


def _split(tokens, body, stride):
    step = body - stride
    starts = range(0, max(len(tokens) - stride, 1), step)
    return [(s, tokens[s : s + body]) for s in starts]


@pytest.mark.parametrize("stride", [0, 1, 4, 5])
def test_windows_merge_takes_each_token_once_from_its_core(stride):
    text = " ".join(f"w{i}" for i in range(23))
    tokens, _ = tokens_of(text)
    parts = _split(tokens, 8, stride)
    windows = [window_of(t, s) for s, t in parts]
    kept = []
    for (start, _), (lo, hi) in zip(parts, core_ranges(windows)):
        kept.extend(range(start + lo, start + hi))
    assert kept == list(range(len(tokens)))
    if stride:  # an overlap token is kept by the window where it is farther from the edge
        (s0, t0), (s1, _) = parts[0], parts[1]
        lo, hi = core_ranges(windows)[0]
        for position in range(s1, s0 + len(t0)):
            from_end_of_first, from_start_of_second = s0 + len(t0) - 1 - position, position - s1
            if from_end_of_first != from_start_of_second:
                assert (position < s0 + hi) == (from_end_of_first > from_start_of_second)


def test_entity_across_window_boundary_and_conflicting_overlap():
    text = "a b c d e Jane Doe f g h i"
    tokens, clean = tokens_of(text)
    parts = _split(tokens, 8, 4)  # windows at 0..8 and 4..11: overlap tokens 4..7
    tags = ["O"] * 5 + ["B-PERSON", "I-PERSON"] + ["O"] * 4
    outputs = []
    for start, part in parts:
        window_tags = tags[start : start + len(part)]
        if start == 0:  # the first window sees "Doe" at its edge and gets it wrong
            window_tags[-1] = "O"
        outputs.append(output_of(window_tags))
    decoded = decode([window_of(t, s) for s, t in parts], outputs, TAGS)
    assert [(s.type, clean[s.start : s.end]) for s in decoded.entities] == [("PERSON", "Jane Doe")]
    assert decoded.num_tokens == len(tokens)


def test_labels_max_over_windows_and_embedding_mean():
    tokens, _ = tokens_of("a b c d e f g h i j")
    parts = _split(tokens, 6, 2)
    outs = [
        output_of(["O"] * len(parts[0][1]), topics=(2.0, -1.0), leak=(-3.0,), embedding=(1.0, 0.0)),
        output_of(["O"] * len(parts[1][1]), topics=(-2.0, 1.0), leak=(-1.0,), embedding=(0.0, 1.0)),
    ]
    decoded = decode([window_of(t, s) for s, t in parts], outs, TAGS)
    np.testing.assert_allclose(decoded.topic_probs, sigmoid(np.array([2.0, 1.0])))
    assert decoded.topic_window.tolist() == [0, 1] and decoded.leak_window.tolist() == [1]
    np.testing.assert_allclose(decoded.embedding, [2**-0.5, 2**-0.5])
    assert mean_embedding([np.zeros(2)]).tolist() == [0.0, 0.0]


def test_mismatched_outputs_are_rejected():
    with pytest.raises(ValueError):
        decode([window_of([])], [], TAGS)


def test_a_type_switch_the_model_hesitates_over_stays_one_span():
    """B-PERSON then a token split between I-EMAIL (argmax) and I-PERSON: one span, typed by mass."""
    tokens, clean = tokens_of("Jane Ann Doe")
    out = output_of(["B-PERSON", "I-EMAIL_ADDRESS", "I-PERSON"])
    logits = out.token_logits.copy()
    logits[2, TAGS.index("I-EMAIL_ADDRESS")] = np.log(0.5)
    logits[2, TAGS.index("I-PERSON")] = np.log(0.4)
    hesitant = WindowOutput(logits, out.topic_logits, out.leak_logits, out.embedding)
    decoded = decode([window_of(tokens)], [hesitant], TAGS)
    assert [(s.type, clean[s.start : s.end]) for s in decoded.entities] == [("PERSON", "Jane Ann Doe")]
