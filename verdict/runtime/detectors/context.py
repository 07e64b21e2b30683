"""What surrounds a format-only match, read the way Presidio's context enhancer reads it.

A digit pattern says nothing about what the digits are; the characters around it often do:

* `glued`: a match that touches a letter, a digit or "_" (or one of `joiners` with a letter or digit
  beyond it) is a piece of a longer token: a UPS tracking number `1Z6709426639999844`, a part number
  `Z036-7076-55`, a UUID, a Slack token `xoxp-8351...-0530492878512-...`, not a number of its own.
  Letters of scripts written without spaces between words (Han, kana, Hangul with its particles, Thai,
  Lao, Khmer, Myanmar) do not glue: "我的信用卡号是4539148803436467谢谢" holds a card number of its own.
* `named_otherwise`: the nearest label before a match on its line (`MRN:`, `tax file no.`, `Konto:`)
  names the entity the digits are. A format-only detector whose type that label does not name stays
  silent: the label, not the shape, says what the number is.
* `reads_as_version`: a dotted quad next to "version", "upgrade", "bumped the package to" is a release
  number that happens to parse as an IPv4 address.
"""

from __future__ import annotations

import re

# Label -> the entity types it can introduce. Small on purpose: one row per label a digit-only number
# commonly carries in forms, tables and logs; each type a detector checks with `named_otherwise` needs
# its own row, or a nearby label of another type would silence it.
CUES: tuple[tuple[str, frozenset[str]], ...] = (
    (r"phone|tel(?:e?phone|efono|efon)?|mobile|cell|fax|whatsapp|call|text|sms", frozenset({"PHONE_NUMBER"})),
    (r"sin|social[ _-]?insurance", frozenset({"CA_SIN"})),
    (r"itin|individual[ _-]?taxpayer", frozenset({"US_ITIN"})),
    (r"tax[ _.-]?file|tfn", frozenset({"AU_TFN"})),
    (r"steueridentifikationsnummer|steuer[ _-]?id(?:nr)?|idnr", frozenset({"DE_TAX_ID"})),
    (r"tax|steuer", frozenset({"US_ITIN", "AU_TFN", "DE_TAX_ID"})),
    (r"ssn|social[ _-]?security", frozenset({"US_SSN"})),
    (
        r"mrn|medical[ _-]?record|record[ _-]?(?:number|no)|patient[ _-]?id",
        frozenset({"MEDICAL_RECORD_NUMBER"}),
    ),
    (r"nhs", frozenset({"UK_NHS"})),
    (r"passports?|reisepass|passeport|pasaporte|passaporto", frozenset({"PASSPORT", "US_PASSPORT"})),
    (r"permanent[ _-]?account[ _-]?number|pan", frozenset({"IN_PAN"})),
    (r"iban", frozenset({"IBAN_CODE"})),
    (
        r"account|acct|konto|routing|aba|rtn|sort[ _-]?code|bank",
        frozenset({"BANK_ACCOUNT", "IBAN_CODE"}),
    ),
    # Before the licence row: "license plate" names a plate (the nearest label is the one that counts).
    (
        r"(?:number|licen[cs]e|registration)?[ _-]?plates?|plaque|kennzeichen|targa|matr[ií]cula|"
        r"immatriculation|vin|vehicle[ _-]?identification[ _-]?number",
        frozenset({"VEHICLE_ID"}),
    ),
    (
        r"driver'?s?[ _-]?licen[cs]e|driving[ _-]?licen[cs]e|licen[cs]e|dl|dln",
        frozenset({"US_DRIVER_LICENSE"}),
    ),
)
# Scripts whose sentences run words (and the values in them) together without spaces.
UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff"
)
# A word character of a script that spaces its words: what a value must not touch to stand apart. Use it
# in patterns instead of \w (and `(?!...)` instead of a trailing \b).
SPACED_WORD = rf"[^\W{UNSPACED}]"
_SPACED_WORD = re.compile(SPACED_WORD)
CUE_REACH = 40  # characters before a match searched for its label, on the same line
VERSION_REACH = 60  # characters before a match searched for its five words, on the same line

# A cue is a word of its own: no letter touches it ("patient_nhs", "de_tax" still count).
_CUE = re.compile("|".join(f"(?<![a-z])(?:{pattern})(?![a-z])" for pattern, _ in CUES), re.IGNORECASE)
_CUE_TYPES = tuple((re.compile(f"(?:{pattern})$", re.IGNORECASE), types) for pattern, types in CUES)

# Words that make a dotted number a version, among the five words before it or the three after it.
_VERSION = re.compile(
    r"\b(?:v|ver|versions?|releases?|released|upgrad(?:e|ed|es|ing)|downgrad(?:e|ed|es|ing)|bump(?:s|ed)?|"
    r"packages?|builds?|firmware|regressions?)\b",
    re.IGNORECASE,
)
# The same, in scripts without spaces (read as characters before the match): version, upgrade, release.
_VERSION_UNSPACED = re.compile(r"版本|升级|更新到|發布|发布|バージョン|버전|업데이트")
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


def named_otherwise(text: str, start: int, entity_type: str) -> bool:
    """True when the nearest label in the CUE_REACH characters before `start` (same line) names other
    entity types only."""
    label = _nearest_label(text, start)
    return label is not None and entity_type not in _label_types(label)


def _nearest_label(text: str, start: int) -> str | None:
    line_start = text.rfind("\n", 0, start) + 1
    labels = list(_CUE.finditer(text, max(line_start, start - CUE_REACH), start))
    return labels[-1].group() if labels else None


def _label_types(label: str) -> frozenset[str]:
    return next(types for pattern, types in _CUE_TYPES if pattern.fullmatch(label))


def cued(text: str, start: int, entity_type: str) -> str | None:
    """The nearest label in the CUE_REACH characters before `start` (same line) when it names
    `entity_type`; else None."""
    label = _nearest_label(text, start)
    if label is None or entity_type not in _label_types(label):
        return None
    return label


def reads_as_version(text: str, start: int, end: int) -> bool:
    """True when a version word is among the five words before text[start:end] or the three after it,
    on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    before = _WORDS_BEFORE.search(text, max(line_start, start - VERSION_REACH), start)
    after = _WORDS_AFTER.match(text, end)
    if _VERSION_UNSPACED.search(text, max(line_start, start - VERSION_REACH), start):
        return True
    return any(_VERSION.search(m.group()) for m in (before, after) if m is not None)
