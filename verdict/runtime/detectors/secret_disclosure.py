"""System-prompt disclosure of a protected prompt's secret parts, in whatever spelling the output uses.

`prompt_overlap` needs eight copied words; an access code is one. The secret parts of each protected
prompt (`prompt_secrets.extract_secrets`) are looked for in the output:

* as letters and digits only, case folded, each remembering its character in the text: this finds the
  secret verbatim, spelled out ("p-a-s-s", "P A S S", one letter per line), with separators or
  punctuation inserted, and split across words or lines;
* the same with leetspeak folded ("p@55w0rd"), reversed, and shifted by every Caesar roll (rot13 is one);
* inside runs that decode as base64, hex, binary or character codes (`encoded_text.py`);
* spelled in the NATO alphabet ("papa alfa sierra sierra");
* as a paraphrase: a key phrase's content words close together in another order, or most of them in a
  short output.

A secret shorter than 8 characters must start and end on word boundaries, and one of 1-3 characters
must stand as a word or be spelled out letter by letter, so a short code never matches inside other
words. Explanations name the secret's source and length and how it was disclosed, never the secret.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from verdict.runtime.detectors.base import DetectContext
from verdict.runtime.detectors.encoded_text import decoded_runs
from verdict.runtime.detectors.prompt_secrets import Secret, extract_secrets, stem
from verdict.runtime.findings import Finding

NAME = "prompt_overlap:secret"  # the prompt_overlap family: a route switches prompt disclosure as one
SCORE_VERBATIM = 0.95
SCORE_TRANSFORMED = 0.9
SCORE_REORDERED = 0.75
SCORE_MOST_WORDS = 0.65
SOURCE_FACTOR = {"capitalized token": 0.9, "unusual token": 0.9}  # less certain to be the secret; others 1.0
ALIGNED_BELOW = 8  # a secret this short must sit on word boundaries
SHORT = 3  # a secret this short must be a word or spelled out
MIN_SHIFTED = 5  # every Caesar roll of a secret with fewer letters matches too much by chance...
MIN_ROT13 = 3  # ...but rot13, the one attackers name, is tried down to this
MOST_WORDS_MAX_OUTPUT = 80
MOST_WORDS_FRACTION = 0.75

_LEET = str.maketrans("013456789@$!|+l", "oieasgtbgasiiti")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_NATO_WORDS = """alfa alpha bravo charlie delta echo foxtrot golf hotel india juliet juliett kilo lima mike
november oscar papa quebec romeo sierra tango uniform victor whiskey whisky xray x-ray yankee zulu"""
_NATO_DIGITS = "zero one two three four five six seven eight nine niner"
_NATO = {w: w[0] for w in _NATO_WORDS.split()} | dict(zip(_NATO_DIGITS.split(), "01234567899"))


@dataclass(frozen=True, slots=True)
class _View:
    """Letters and digits of a text, lower-cased and maybe folded; character i came from text[starts[i]:ends[i]]."""

    chars: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SecretDisclosureDetector:
    name: str = NAME
    entity_types: tuple[str, ...] = ()

    def detect(self, text: str, context: DetectContext) -> list[Finding]:
        prompts = ((context.system_prompt,) if context.system_prompt else ()) + context.protected_prompts
        secrets = {s.skeleton: s for p in dict.fromkeys(prompts) for s in extract_secrets(p)}
        if not secrets:
            return []
        views = _Views(text)
        found: dict[tuple[int, int], Finding] = {}
        for secret in secrets.values():
            for start, end, how, score in _disclosures(secret, views):
                score *= SOURCE_FACTOR.get(secret.source, 1.0)
                explanation = (
                    f"secret ({secret.source}, {len(secret.skeleton)} chars) of the protected prompt {how}"
                )
                finding = Finding(
                    "leakage", "system_prompt_disclosure", score, start, end, self.name, explanation
                )
                if (start, end) not in found or found[(start, end)].score < score:
                    found[(start, end)] = finding
        return sorted(found.values(), key=lambda f: (f.start, f.end))


class _Views:
    """The output's views, each built on first use and shared by every secret."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[str, object] = {}

    def get(self, name: str, build: Callable[[str], object]):
        if name not in self._cache:
            self._cache[name] = build(self.text)
        return self._cache[name]

    @property
    def plain(self) -> _View:
        return self.get("plain", lambda t: _view(t, str.isalnum, lambda c: c.lower()))

    @property
    def leet(self) -> _View:
        return self.get("leet", lambda t: _view(t, _is_leet_char, _fold_leet))

    @property
    def nato(self) -> _View:
        return self.get("nato", _nato_view)

    @property
    def decoded(self) -> list:
        return self.get(
            "decoded", lambda t: [(r, _view(r.text, str.isalnum, str.lower)) for r in decoded_runs(t)]
        )

    @property
    def words(self) -> list[tuple[str, int, int]]:
        return self.get(
            "words", lambda t: [(stem(m.group().lower()), m.start(), m.end()) for m in _WORD.finditer(t)]
        )


def _disclosures(secret: Secret, views: _Views) -> Iterator[tuple[int, int, str, float]]:
    """(start, end, how, score) of every disclosure of one secret, the plainest spelling first."""
    key = secret.skeleton
    hits = list(_spelled(secret, views))
    if len(key) > SHORT:
        hits += _transformed(key, views)
    yield from hits
    if not hits:
        yield from _paraphrased(secret, views.words)


def _spelled(secret: Secret, views: _Views) -> Iterator[tuple[int, int, str, float]]:
    text, key = views.text, secret.skeleton
    for start, end in _find(views.plain, key, text, str.isalnum):
        how = _spelling(text[start:end], secret)
        if len(key) > SHORT or how in ("verbatim", "spelled out"):
            yield start, end, f"disclosed {how}", SCORE_VERBATIM if how == "verbatim" else SCORE_TRANSFORMED
    if len(key) > SHORT:
        for start, end in _find(views.leet, _fold_leet(key), text, _is_leet_char):
            if _fold_plain(text[start:end]) != key:
                yield start, end, "disclosed in leetspeak", SCORE_TRANSFORMED


def _transformed(key: str, views: _Views) -> Iterator[tuple[int, int, str, float]]:
    text = views.text
    letters = sum(c.isalpha() for c in key)
    variants = [("reversed", key[::-1])] + [
        (f"shifted by {n} (Caesar{', rot13' if n == 13 else ''})", _shift(key, n))
        for n in range(1, 26)
        if letters >= MIN_SHIFTED or (n == 13 and letters >= MIN_ROT13)
    ]
    for how, variant in variants:
        if variant != key:
            for start, end in _find(views.plain, variant, text, str.isalnum):
                yield start, end, f"disclosed {how}", SCORE_TRANSFORMED
    for start, end in _find(views.nato, key, text, lambda c: False):  # NATO spans are whole words
        yield start, end, "disclosed in the NATO alphabet", SCORE_TRANSFORMED
    for run, view in views.decoded:
        if any(True for _ in _find(view, key, run.text, str.isalnum)):
            yield run.start, run.end, f"disclosed in {run.encoding}", SCORE_TRANSFORMED


def _paraphrased(secret: Secret, words: list[tuple[str, int, int]]) -> Iterator[tuple[int, int, str, float]]:
    """A key phrase's content words close together in any order, or most of them in a short output."""
    wanted = set(secret.content_words)
    if len(wanted) < 2 or secret.source not in ("whole prompt", "assigned value", "quoted string"):
        return
    hits = [(i, w) for i, (w, _, _) in enumerate(words) if w in wanted]
    window = _smallest_window(hits, wanted)
    if window is not None and window[1] - window[0] < 2 * len(wanted):
        a, b = window
        yield words[a][1], words[b][2], "disclosed with its words reordered", SCORE_REORDERED
    elif len(wanted) >= 3 and len(words) <= MOST_WORDS_MAX_OUTPUT and hits:
        covered = {w for _, w in hits}
        if len(covered) >= math.ceil(MOST_WORDS_FRACTION * len(wanted)):
            how = f"{len(covered)} of its {len(wanted)} content words in a short output"
            yield words[hits[0][0]][1], words[hits[-1][0]][2], how, SCORE_MOST_WORDS


def _smallest_window(hits: list[tuple[int, str]], wanted: set[str]) -> tuple[int, int] | None:
    best, counts, left = None, {}, 0
    for i, w in hits:
        counts[w] = counts.get(w, 0) + 1
        while len(counts) == len(wanted):
            j, lw = hits[left]
            if best is None or i - j < best[1] - best[0]:
                best = (j, i)
            counts[lw] -= 1
            if not counts[lw]:
                del counts[lw]
            left += 1
    return best


def _find(
    view: _View, needle: str, text: str, is_word_char: Callable[[str], bool]
) -> Iterator[tuple[int, int]]:
    """Spans of `text` whose view characters spell `needle`; a short needle must sit on word boundaries."""
    if not needle:
        return
    i = view.chars.find(needle)
    while i >= 0:
        start, end = view.starts[i], view.ends[i + len(needle) - 1]
        bounded = (start == 0 or not is_word_char(text[start - 1])) and (
            end == len(text) or not is_word_char(text[end])
        )
        if bounded or len(needle) >= ALIGNED_BELOW:
            yield start, end
        i = view.chars.find(needle, i + 1)


def _spelling(span: str, secret: Secret) -> str:
    pieces = [p.lower() for p in re.findall(r"[^\W_]+", span)]
    if pieces == [p.lower() for p in re.findall(r"[^\W_]+", secret.value)]:
        return "verbatim"
    if len(pieces) >= 3 and all(len(p) == 1 for p in pieces):
        return "spelled out"
    return "with separators or split"


def _view(text: str, keep: Callable[[str], bool], fold: Callable[[str], str]) -> _View:
    kept = [(fold(c), i) for i, c in enumerate(text) if keep(c)]
    return _View("".join(c for c, _ in kept), tuple(i for _, i in kept), tuple(i + 1 for _, i in kept))


def _nato_view(text: str) -> _View:
    """One letter per NATO word; a word outside the alphabet breaks the spelling (a NUL in the view)."""
    chars, starts, ends = [], [], []
    for m in re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)?", text):
        chars.append(_NATO.get(m.group().lower(), "\0"))
        starts.append(m.start())
        ends.append(m.end())
    return _View("".join(chars), tuple(starts), tuple(ends))


def _is_leet_char(c: str) -> bool:
    return c.isalnum() or c in "@$!|+"


def _fold_leet(c: str) -> str:
    return c.lower().translate(_LEET)


def _fold_plain(span: str) -> str:
    return "".join(c for c in span.lower() if c.isalnum())


def _shift(key: str, n: int) -> str:
    return "".join(chr((ord(c) - 97 + n) % 26 + 97) if "a" <= c <= "z" else c for c in key)
