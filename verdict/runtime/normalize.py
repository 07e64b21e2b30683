"""Text normalization with an exact map back to the original characters.

Evasion tricks (zero-width joiners inside an email, a Cyrillic "а" in "pаypal", full-width or
Arabic-Indic digits, control characters between digit groups, a NUL inside an email, "4 1 1 1 ...",
"name [at] host [dot] com", "jane dot doe at acme dot com") defeat both the model and the rule
detectors, so both read the clean text. Ordinary text is left as it is: every fold is of a character or
a shape that prose does not use (a spelled-out " at " is folded only inside an address that also spells
out a " dot ": "look at example.com" is prose). Every finding must still point at the characters the user sent, so each clean
character remembers the original span [start, end) it came from:

* a character kept or folded 1:1 maps to itself;
* NFKC is applied per cluster (a base character and its combining marks), so an expansion ("ﬁ" ->
  "fi") maps every produced character to the whole cluster, and a composition ("e" + U+0301 -> "é")
  maps the one produced character to both originals;
* removed characters (control and format characters, digit-run separators) map to nothing: they fall
  inside a span whose ends are kept characters, and never at its edges;
* a digit of any script ("٤", "४", "๔") becomes its ASCII digit, 1:1;
* a replacement ("[at]" -> "@", " dot " -> ".") maps to every original character it replaced.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# Invisible characters used to split tokens: every format character (Cf: zero-width space, joiners,
# word joiner, BOM, soft hyphen, bidi embeddings, overrides, isolates and marks, ...) and every control
# character (Cc: "\x00", "\x01", ...) except the whitespace ones. The tokenizer drops both kinds too
# (BERT's clean_text), so the model reads the same words; the rules now do as well.
_KEPT_CONTROLS = frozenset("\t\n\x0b\x0c\r\x85")


def _removed(c: str) -> bool:
    category = unicodedata.category(c)
    return category == "Cf" or (category == "Cc" and c not in _KEPT_CONTROLS)


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
# An address written out in words: labels joined by "." or " dot ", " at ", then a domain whose last
# label follows a "." or " dot ". Only a candidate that spells out a " dot " is folded (see
# `_spelled_address_edits`): "more at www.cdc.gov" is prose, and none of ~74,000 ordinary texts
# (everyday, Open-Assistant, MedQuAD, GPTeacher, persona chats, CoCoNot) holds such a candidate.
_SPELLED_SEPARATOR = r"[ \t]+(?:at|dot)[ \t]+"
_SPELLED_ADDRESS = re.compile(
    r"(?<![\w.+-])[a-z0-9][\w+-]*(?:(?:\.|[ \t]+dot[ \t]+)[\w+-]+)*[ \t]+at[ \t]+"
    r"[a-z0-9][a-z0-9-]*(?:(?:\.|[ \t]+dot[ \t]+)[a-z0-9-]+)*(?:\.|[ \t]+dot[ \t]+)[a-z]{2,24}(?![\w-])",
    re.IGNORECASE,
)
_SPELLED_PART = re.compile(_SPELLED_SEPARATOR, re.IGNORECASE)
# The last label must read as a top-level domain: a country code (any two letters) or a common generic
# one ("meet me at noon dot five" is no address).
_TLD = re.compile(
    r"[a-z]{2}|com|net|org|edu|gov|mil|int|info|biz|name|pro|mobi|app|dev|email|mail|online|site|xyz|"
    r"tech|cloud|page|blog|shop|store",
    re.IGNORECASE,
)
# Cheap screen for ASCII text: most inputs match none of these and take the identity fast path.
_NEEDS_REWRITE = re.compile(
    r"\d[ .\-]\d[ .\-]\d|[\[({]\s*(?:at|dot)\s*[\])}]|[ \t]dot[ \t]|[\x00-\x08\x0e-\x1f\x7f]",
    re.IGNORECASE,
)
# What the per-character path handles: anything but printable ASCII and the whitespace controls.
_SLOW_RUN = re.compile(r"[^\t\n\x0b\x0c\r\x20-\x7e]+")

# (start, end, replacement) on the clean text: the replacement ("" removes) maps to the original span
# of clean[start:end].
_Edit = tuple[int, int, str]


def _spaced_digit_edits(text: str) -> list[_Edit]:
    return [
        (k, k + 1, "")
        for m in _SPACED_DIGITS.finditer(text)
        for k in range(m.start(), m.end())
        if not text[k].isdigit()
    ]


def _replacement_edits(pattern: re.Pattern[str], replacement: str) -> Callable[[str], list[_Edit]]:
    return lambda text: [(m.start(), m.end(), replacement) for m in pattern.finditer(text)]


def _spelled_address_edits(text: str) -> list[_Edit]:
    edits: list[_Edit] = []
    for m in _SPELLED_ADDRESS.finditer(text):
        parts = list(_SPELLED_PART.finditer(text, m.start(), m.end()))
        tld = re.split(r"\.|\s", m.group())[-1]
        if _TLD.fullmatch(tld) and any(p.group().strip().lower() == "dot" for p in parts):
            edits += [(p.start(), p.end(), "@" if p.group().strip().lower() == "at" else ".") for p in parts]
    return edits


_REWRITES: tuple[Callable[[str], list[_Edit]], ...] = (
    _spaced_digit_edits,
    _spelled_address_edits,
    _replacement_edits(_OBFUSCATED_AT, "@"),
    _replacement_edits(_OBFUSCATED_DOT, "."),
)


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
        for edits in _REWRITES:
            chars, starts, ends = _rewrite((chars, starts, ends), edits(clean))
            clean = "".join(chars)
    if clean == text and len(chars) == len(text):
        return Normalized(text, text)
    return Normalized(text, clean, tuple(starts), tuple(ends))


_Mapped = tuple[list[str], list[int], list[int]]


def _fold(text: str) -> _Mapped:
    """NFKC per cluster, invisible characters dropped, homoglyphs and digits folded: one entry per
    clean char.

    Printable ASCII stretches are copied in bulk; only other runs (and the base character a combining
    mark attaches to) take the per-cluster path.
    """
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    copied = 0
    for run in _SLOW_RUN.finditer(text):
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
        for c in unicodedata.normalize("NFKC", text[i:j]).translate(_HOMOGLYPHS):
            if not _removed(c):
                chars.append(_ascii_digit(c))
                starts.append(i)
                ends.append(j)
        i = j


def _ascii_digit(c: str) -> str:
    """A digit of any script as its ASCII digit ("٤" -> "4"); NFKC has already folded full-width,
    circled and mathematical digits."""
    if c.isascii():
        return c
    value = unicodedata.digit(c, None)
    return c if value is None else str(value)


def _rewrite(mapped: _Mapped, edits: list[_Edit]) -> _Mapped:
    """Apply non-overlapping `edits` (in order) to the mapped text: each replaced stretch becomes its
    replacement, every character of it mapped to the whole original span of the stretch."""
    if not edits:
        return mapped
    chars, starts, ends = mapped
    out_c: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    last = 0
    for a, b, replacement in sorted(edits):
        if a < last:
            continue  # overlaps an edit already applied by this rewrite
        out_c += chars[last:a]
        out_s += starts[last:a]
        out_e += ends[last:a]
        for c in replacement:
            out_c.append(c)
            out_s.append(starts[a])
            out_e.append(ends[b - 1])
        last = b
    out_c += chars[last:]
    out_s += starts[last:]
    out_e += ends[last:]
    return out_c, out_s, out_e
