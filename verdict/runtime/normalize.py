"""Text normalization with an exact map back to the original characters.

Evasion tricks (zero-width joiners inside an email, a Cyrillic "а" in "pаypal", full-width digits,
"4 1 1 1 ...", "name [at] host [dot] com") defeat both the model and the rule detectors, so both read
the clean text. Every finding must still point at the characters the user sent, so each clean
character remembers the original span [start, end) it came from:

* a character kept or folded 1:1 maps to itself;
* NFKC is applied per cluster (a base character and its combining marks), so an expansion ("ﬁ" ->
  "fi") maps every produced character to the whole cluster, and a composition ("e" + U+0301 -> "é")
  maps the one produced character to both originals;
* removed characters (zero-width, bidi controls, digit-run separators) map to nothing: they fall inside
  a span whose ends are kept characters, and never at its edges;
* a replacement ("[at]" -> "@") maps to every original character it replaced.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Invisible characters used to split tokens: zero-width space/non-joiner/joiner, word joiner, BOM,
# soft hyphen, and the bidi embeddings, overrides, isolates and marks.
_REMOVED = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
)

# Cyrillic and Greek letters that render like Latin ones (NFKC leaves them alone). Folding them is lossy
# for real Cyrillic/Greek text, which is acceptable: the clean text feeds detection only.
_HOMOGLYPHS = str.maketrans(
    {
        # Cyrillic lower case
        "а": "a",
        "в": "b",
        "е": "e",
        "һ": "h",
        "і": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ӏ": "l",
        "ү": "y",
        # Cyrillic upper case
        "А": "A",
        "В": "B",
        "Е": "E",
        "Н": "H",
        "І": "I",
        "Ј": "J",
        "К": "K",
        "М": "M",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "У": "Y",
        "Х": "X",
        "Ѕ": "S",
        "Ԁ": "D",
        "Ԛ": "Q",
        "Ԝ": "W",
        "Ү": "Y",
        "Ӏ": "I",
        # Greek
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Ζ": "Z",
        "Η": "H",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Υ": "Y",
        "Χ": "X",
        "ο": "o",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "α": "a",
    }
)

# Six or more single digits, each separated by one space, dot or dash ("4 1 1 1 1 1", "1-2-3-4-5-6").
# The possessive repeat and the look-arounds keep a run from being cut out of a longer number.
_SPACED_DIGITS = re.compile(r"(?<!\d)(?<!\d[ .\-])\d(?:[ .\-]\d){5,}+(?![ .\-]?\d)")
_OBFUSCATED_AT = re.compile(r"(?<=\w)\s*[\[({]\s*at\s*[\])}]\s*(?=\w)", re.IGNORECASE)
_OBFUSCATED_DOT = re.compile(r"(?<=\w)\s*[\[({]\s*dot\s*[\])}]\s*(?=\w)", re.IGNORECASE)
_REWRITES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (_SPACED_DIGITS, None),
    (_OBFUSCATED_AT, "@"),
    (_OBFUSCATED_DOT, "."),
)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Cheap screen for ASCII text: most inputs match neither and take the identity fast path.
_NEEDS_REWRITE = re.compile(r"\d[ .\-]\d[ .\-]\d|[\[({]\s*(?:at|dot)\s*[\])}]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Normalized:
    """The clean text of `original`, and for each clean character the original span it came from.

    `starts`/`ends` are None when the clean text is the original (the common ASCII case).
    """

    original: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span holding exactly the clean characters [start, end)."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside clean text of length {len(self.text)}")
        if self.starts is None or self.ends is None:
            return start, end
        if start == end:
            # An empty span inside a character that NFKC expanded (´ -> space + U+0301) sits within that
            # original character: covering it keeps the mapping monotone in both ends.
            at = self.starts[start] if start < len(self.starts) else len(self.original)
            return at, max(at, self.ends[start - 1]) if start > 0 else at
        return self.starts[start], self.ends[end - 1]

    def to_clean(self, start: int, end: int) -> tuple[int, int]:
        """The clean span of the characters that came from inside the original span [start, end)
        (training maps its labelled entity spans onto the text serving sees)."""
        if self.starts is None or self.ends is None:
            return start, end
        inside = [i for i, (s, e) in enumerate(zip(self.starts, self.ends)) if start <= s and e <= end]
        return (inside[0], inside[-1] + 1) if inside else (start, start)


def normalize(text: str) -> Normalized:
    if text.isascii() and _NEEDS_REWRITE.search(text) is None:
        return Normalized(text, text)
    chars, starts, ends = _fold(text)
    clean = "".join(chars)
    if _NEEDS_REWRITE.search(clean) is not None:
        for pattern, replacement in _REWRITES:
            chars, starts, ends = _rewrite((chars, starts, ends), pattern, replacement)
        clean = "".join(chars)
    if clean == text and len(chars) == len(text):
        return Normalized(text, text)
    return Normalized(text, clean, tuple(starts), tuple(ends))


_Mapped = tuple[list[str], list[int], list[int]]


def _fold(text: str) -> _Mapped:
    """NFKC per cluster, invisible characters dropped, homoglyphs folded: one entry per clean char.

    ASCII stretches are copied in bulk; only non-ASCII runs (and the base character a combining mark
    attaches to) take the per-cluster path.
    """
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    copied = 0
    for run in _NON_ASCII_RUN.finditer(text):
        a, b = run.span()
        if a > copied and unicodedata.combining(text[a]):
            a -= 1  # the mark composes with the ASCII character before it
        chars += text[copied:a]
        starts += range(copied, a)
        ends += range(copied + 1, a + 1)
        _fold_run(text, a, b, chars, starts, ends)
        copied = b
    chars += text[copied:]
    starts += range(copied, len(text))
    ends += range(copied + 1, len(text) + 1)
    return chars, starts, ends


def _fold_run(text: str, i: int, stop: int, chars: list[str], starts: list[int], ends: list[int]) -> None:
    while i < stop:
        j = i + 1
        while j < stop and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if cluster not in _REMOVED:
            for c in unicodedata.normalize("NFKC", cluster).translate(_HOMOGLYPHS):
                if c not in _REMOVED:
                    chars.append(c)
                    starts.append(i)
                    ends.append(j)
        i = j


def _rewrite(mapped: _Mapped, pattern: re.Pattern[str], keep: str | None) -> _Mapped:
    """Apply `pattern` to the mapped text: each match keeps only its digits (keep=None) or becomes
    the single character `keep`, mapped to the whole original span of the match."""
    chars, starts, ends = mapped
    text = "".join(chars)
    matches = list(pattern.finditer(text))
    if not matches:
        return mapped
    out_c: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    last = 0
    for m in matches:
        a, b = m.span()
        out_c += chars[last:a]
        out_s += starts[last:a]
        out_e += ends[last:a]
        if keep is None:
            for k in range(a, b):
                if chars[k].isdigit():
                    out_c.append(chars[k])
                    out_s.append(starts[k])
                    out_e.append(ends[k])
        else:
            out_c.append(keep)
            out_s.append(starts[a])
            out_e.append(ends[b - 1])
        last = b
    out_c += chars[last:]
    out_s += starts[last:]
    out_e += ends[last:]
    return out_c, out_s, out_e
