"""The sentence around a value: the stretch of text a rule reads to judge it.

`sentence(text, start, end)` is text[start:end] with what stands before and after it up to a break:
terminal punctuation (one or more of `.!?`) before whitespace or the text's end, or a blank line. A
single line break ends no sentence: a sentence wrapped over lines, a contact card ("John Smith" over
"Phone: ...") and an address block under its heading ("Musée d'Orsay" over its street) each read as
one. A break inside the value, or inside one of the other values given (`within`: the "." of "Apt. 3B"),
ends none either. A sentence reaches at most `REACH` characters either side of the value: a log or a
table without punctuation is no one long sentence.

Two rules read it: a public place named in an address's sentence (`public_values.public_place`) and a
contact cue beside a name and the contact data it belongs to (`detectors.contact_person`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

REACH = 300  # characters either side of a value; the policy's IDENTIFYING_WINDOW is as wide
_BREAK = re.compile(r"[.!?]+(?=\s|\Z)|\n[ \t]*\n")


def sentence(
    text: str, start: int, end: int, *, within: Iterable[tuple[int, int]] = (), reach: int = REACH
) -> tuple[int, int]:
    """The bounds of the sentence around text[start:end]."""
    inside = list(within)

    def ends(m: re.Match[str]) -> bool:
        return not any(s <= m.start() < e for s, e in inside)

    low, high = max(start - reach, 0), min(end + reach, len(text))
    begin = max((m.end() for m in _BREAK.finditer(text, low, start) if ends(m)), default=low)
    stop = next((m.start() for m in _BREAK.finditer(text, end, high) if ends(m)), high)
    return begin, stop
