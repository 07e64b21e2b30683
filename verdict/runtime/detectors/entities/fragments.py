"""Regex fragments the records' patterns are written with.

Every pattern starts with a character class and checks the character before it in a lookbehind placed
after that class: sre then skips non-candidate positions with a fast charset scan (2-5x faster than a
leading lookbehind). The lookarounds keep a shape from being cut out of a longer number.
"""

from __future__ import annotations

from verdict.runtime.detectors.surroundings import SPACED_WORD

D = r"(?<![0-9-][0-9])(?<![0-9][ -][0-9])"  # after a leading digit: no digit run before it
E = r"(?![0-9-])(?![ -][0-9])"  # no digit run after it
# The same where "." also separates groups (078.05.1123, 4111.1111.1111.1111).
DD = r"(?<![0-9.-][0-9])(?<![0-9][ .-][0-9])"
ED = r"(?![0-9-])(?![ .-][0-9])(?!\.[0-9])"
# Between two groups of a long number: a space, "-", "." or a line break where the text was wrapped.
SEP = r"(?:[ .-]|\r?\n)"
W = r"(?<![0-9A-Za-z_].)"  # after a leading character: it starts a word
# Where \w would say "a word goes on", these say "a word of a spaced script goes on": a value glued to
# Chinese or Thai text still ends (see `surroundings.UNSPACED`).
B = rf"(?!{SPACED_WORD})"  # a trailing \b, after a word character
SW = SPACED_WORD
