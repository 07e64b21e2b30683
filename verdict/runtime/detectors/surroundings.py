"""What surrounds a match, whatever its type: whether it stands apart, and whether it reads as a version.

* `glued`: a match that touches a letter, a digit or "_" (or one of `joiners` with a letter or digit
  beyond it) is a piece of a longer token: a UPS tracking number `1Z6709426639999844`, a part number
  `Z036-7076-55`, a UUID, a Slack token `xoxp-8351...-0530492878512-...`, not a number of its own.
  Letters of scripts written without spaces between words (Han, kana, Hangul with its particles, Thai,
  Lao, Khmer, Myanmar) do not glue: "我的信用卡号是4539148803436467谢谢" holds a card number of its own.
* `reads_as_version`: a dotted quad next to "version", "upgrade", "bumped the package to" is a release
  number that happens to parse as an IPv4 address.
* `named_as_example`: a value right after "like", "such as", "e.g.", "for example" is held up as an
  example ("a password like `Summer2024!` looks complex"), advice about values of its kind.

The labels that name a type ("MRN:", "tax file no.") are the entity records' and `context`'s.
"""

from __future__ import annotations

import re

# Scripts whose sentences run words (and the values in them) together without spaces.
UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff"
)
# A word character of a script that spaces its words: what a value must not touch to stand apart. Use it
# in patterns instead of \w (and `(?!...)` instead of a trailing \b).
SPACED_WORD = rf"[^\W{UNSPACED}]"
_SPACED_WORD = re.compile(SPACED_WORD)
VERSION_REACH = 60  # characters before a match searched for its five words, on the same line

# Words that make a dotted number a version, among the five words before it or the three after it.
_VERSION = re.compile(
    r"\b(?:v|ver|versions?|releases?|released|upgrad(?:e|ed|es|ing)|downgrad(?:e|ed|es|ing)|bump(?:s|ed)?|"
    r"packages?|builds?|firmware|regressions?)\b",
    re.IGNORECASE,
)
# The same, in scripts without spaces (read as characters before the match): version, upgrade, release.
_VERSION_UNSPACED = re.compile(r"版本|升级|更新到|發布|发布|バージョン|버전|업데이트")
# The words right before a value that name it as an example, with at most an opening quote or markup
# between.
_EXAMPLE_CUE = re.compile(
    r"(?:\blike|\bsuch as|\be\.g\.,?|\bfor (?:example|instance),?)\s*[`'\"*_“‘]*$", re.IGNORECASE
)
EXAMPLE_REACH = 24  # characters before a value searched for its example cue
_WORDS_BEFORE = re.compile(r"(?:\S+\s+){0,5}\Z")
_WORDS_AFTER = re.compile(r"(?:[ \t]+\S+){0,3}")


def glued(text: str, start: int, end: int, joiners: str = "") -> bool:
    """True when text[start:end] is a piece of a longer token: a letter, digit or "_" touches it, or a
    character of `joiners` does with a letter or digit beyond it."""
    before, after = text[max(start - 2, 0) : start], text[end : end + 2]
    if _wordy(before[-1:]) or _wordy(after[:1]):
        return True
    return (len(before) == 2 and before[1] in joiners and _wordy(before[0])) or (
        len(after) == 2 and after[0] in joiners and _wordy(after[1])
    )


def _wordy(c: str) -> bool:
    return _SPACED_WORD.match(c) is not None


def reads_as_version(text: str, start: int, end: int) -> bool:
    """True when a version word is among the five words before text[start:end] or the three after it,
    on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    before = _WORDS_BEFORE.search(text, max(line_start, start - VERSION_REACH), start)
    after = _WORDS_AFTER.match(text, end)
    if _VERSION_UNSPACED.search(text, max(line_start, start - VERSION_REACH), start):
        return True
    return any(_VERSION.search(m.group()) for m in (before, after) if m is not None)


def named_as_example(text: str, start: int, end: int) -> bool:
    """True when the words right before text[start:end] name it as an example: "like", "such as",
    "e.g.", "for example", "for instance", with at most an opening quote or markup between."""
    return _EXAMPLE_CUE.search(text, max(start - EXAMPLE_REACH, 0), start) is not None
