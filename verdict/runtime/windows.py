"""Token windows: a clean text becomes one or more model-sized windows, never truncated.

The whole text is tokenized once (no special tokens), then cut into windows of at most
`max_length` tokens including the special tokens; consecutive windows share `stride` tokens so every
token is seen with context on both sides by at least one window (`verdict.runtime.decode` keeps each
token from the window where it sits farther from the edge).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tokenizers import Encoding, Tokenizer

SPECIAL_OFFSET = (0, 0)
NO_WORD = -1  # word id of special tokens
# A token of natural text covers at most this many characters other than spaces, newlines and tabs, so
# `least_tokens` undercounts what serving will tokenize. With the shipped WordPiece tokenizer, over 6,400
# texts of 200+ characters (OASST answers, MedQuAD, code, the everyday set) the most was 6.1 and 4-5 is
# typical; a sentence made of long words ("internationalization ... notwithstanding administrative
# considerations") reaches 8.9. Counted high (so, under overload, possibly refused before tokenizing where
# the exact count would still have fit; RESOURCE_EXHAUSTED, retryable): runs over 100 characters with no
# space or punctuation (a base64 blob: WordPiece makes one [UNK] of each), characters normalization
# removes (zero-width), and text made only of words longer than this.
MAX_CHARS_PER_TOKEN = 10


@dataclass(frozen=True, slots=True)
class Window:
    """One model input. `offsets` are character spans in the clean text, `(0, 0)` for special tokens.

    `first_token` is the index, in the text's whole token sequence, of the window's first content
    token, and `words` the tokenizer's word index of each token (NO_WORD for special tokens): decode
    uses them to merge overlapping windows exactly and to keep subword pieces of a word together.
    `first_char`/`last_char` bound the window's content on the clean text (end exclusive).
    """

    ids: tuple[int, ...]
    offsets: tuple[tuple[int, int], ...]
    first_char: int
    last_char: int
    first_token: int = 0
    words: tuple[int, ...] = ()

    @property
    def num_content_tokens(self) -> int:
        return len(self.words) - self.words.count(NO_WORD)  # C-level count: decode asks per window, per text


def load_tokenizer(path: str | Path) -> Tokenizer:
    """The fast tokenizer from tokenizer.json, with its stored truncation/padding turned off: the file may
    carry the training-time 128-token truncation, and windows (or counts of a whole text) need every token."""
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


class WindowTokenizer:
    """Loads `tokenizer.json` once; encodes clean texts into overlapping windows."""

    def __init__(self, tokenizer_path: str | Path, max_length: int = 256, stride: int = 64) -> None:
        self._tokenizer = load_tokenizer(tokenizer_path)
        self._prefix, self._suffix = _special_tokens(self._tokenizer)
        self.max_length = max_length
        self.body = max_length - len(self._prefix) - len(self._suffix)
        if not 0 <= stride < self.body:
            raise ValueError(f"stride must be in [0, {self.body}) for max_length {max_length}, got {stride}")
        self.stride = stride

    def least(self, text: str) -> tuple[int, int]:
        """(windows, tokens with the special ones) that `text` needs at least, from its length alone:
        a fraction of a millisecond for 200,000 characters, where tokenizing takes tens."""
        bounds = window_bounds(least_tokens(text), self.body, self.stride)
        specials = len(self._prefix) + len(self._suffix)
        return len(bounds), sum(end - start + specials for start, end in bounds)

    def encode(self, clean_text: str) -> list[Window]:
        return self._split(self._tokenizer.encode(clean_text, add_special_tokens=False))

    def encode_batch(self, clean_texts: Sequence[str]) -> list[list[Window]]:
        # The Rust batch encoder tokenizes texts in parallel; the splitting is cheap Python.
        encodings = self._tokenizer.encode_batch(list(clean_texts), add_special_tokens=False)
        return [self._split(encoding) for encoding in encodings]

    def _split(self, encoding: Encoding) -> list[Window]:
        ids, offsets = encoding.ids, encoding.offsets
        words = [NO_WORD if w is None else w for w in encoding.word_ids]
        return [
            self._window(ids, offsets, words, start, end)
            for start, end in window_bounds(len(ids), self.body, self.stride)
        ]

    def _window(self, ids: list[int], offsets: list, words: list[int], start: int, end: int) -> Window:
        n_pre, n_suf = len(self._prefix), len(self._suffix)
        body_offsets = tuple(offsets[start:end])
        return Window(
            ids=self._prefix + tuple(ids[start:end]) + self._suffix,
            offsets=(SPECIAL_OFFSET,) * n_pre + body_offsets + (SPECIAL_OFFSET,) * n_suf,
            first_char=body_offsets[0][0] if body_offsets else 0,
            last_char=body_offsets[-1][1] if body_offsets else 0,
            first_token=start,
            words=(NO_WORD,) * n_pre + tuple(words[start:end]) + (NO_WORD,) * n_suf,
        )


def window_bounds(n_tokens: int, body: int, stride: int) -> list[tuple[int, int]]:
    """[start, end) token ranges of the windows of a text: `body` tokens each, `stride` shared by
    neighbours, the last one ending at the text's end. Serving and training both cut text here."""
    if not 0 <= stride < body:
        raise ValueError(f"stride must be in [0, {body}), got {stride}")
    step = body - stride
    return [(start, min(start + body, n_tokens)) for start in range(0, max(n_tokens - stride, 1), step)]


def least_tokens(text: str) -> int:
    """A lower bound on the content tokens of `text` (MAX_CHARS_PER_TOKEN), without tokenizing it."""
    visible = len(text) - text.count(" ") - text.count("\n") - text.count("\t")
    return visible // MAX_CHARS_PER_TOKEN


def _special_tokens(tokenizer: Tokenizer) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The ids the post-processor puts before and after a sequence ([CLS] / [SEP] for BERT)."""
    encoding = tokenizer.encode("a", add_special_tokens=True)
    content = [i for i, special in enumerate(encoding.special_tokens_mask) if not special]
    ids = encoding.ids
    return tuple(ids[: content[0]]), tuple(ids[content[-1] + 1 :])
