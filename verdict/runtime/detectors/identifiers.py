"""Shapes and checks of the identifiers that `patterns` reports only after a label naming them.

A driver's licence, a passport, a bank account or a number plate is a short run of letters and digits
that any order number also is: the label ("DL:", "passport no.", "routing number", "Kennzeichen") says
what it is, and these checks only keep the label from lending its type to a word or a price. Where the
format has a check digit (ABA routing numbers, VINs), it is computed. Formats, from their issuers:

* US driver licences (the states' DMVs): one to three letters then digits (CA A9999999, FL
  A999-999-99-999-9, IL A999-9999-9999, MI A 999 999 999 999, NJ A9999 99999 99999, OH AA999999), digits
  only (NY, TX, PA, CO), letters inside (IA 999AA9999, NH 99AAA99999) or Washington's WDL + 9.
* Passports: US 9 digits or a letter and 8 digits; UK 9 digits; DE C/F/G/H/J/K + 8 of
  CFGHJKLMNPRTVWXYZ0-9; FR 99AA99999; IT AA9999999; ES AAA999999; IN A9999999; CA AA999999; AU A9999999
  or PA9999999.
* ABA routing numbers: prefix 00-12, 21-32, 61-72 or 80, weights 3-7-1 summing to 0 mod 10.
* VINs (ISO 3779, 49 CFR 565): 17 characters without I, O, Q; North American ones carry a check digit
  in position 9.
* Number plates: 4 to 10 letters and digits in up to three groups, with both, no run of more than three
  letters (UK AB12 CDE, DE B-MW 1234, FR AB-123-CD, IT AB 123 CD, ES 1234 BCD, US 7ABC123).
"""

from __future__ import annotations

import re

from stdnum import iban
from stdnum.de import idnr
from stdnum.iso7064 import mod_11_10

_LETTER_RUN = re.compile(r"[A-Z]{4,}")
_PASSPORTS = re.compile(
    r"[0-9]{9}|[A-Z][0-9]{7,8}|[CFGHJK][CFGHJKLMNPRTVWXYZ0-9]{8}|[0-9]{2}[A-Z]{2}[0-9]{5}|[A-Z]{2}[0-9]{6,7}"
    r"|[A-Z]{3}[0-9]{6}"
)
_US_PASSPORT = re.compile(r"[0-9]{9}|[A-Z][0-9]{8}")
# Countries other than the US named on a passport's line: its number is not a US passport's.
_OTHER_COUNTRY = re.compile(
    r"\b(?:uk|u\.k\.|british|united kingdom|great britain|england|german[y]?|deutsch\w*|french|france|"
    r"ital(?:y|ian)|spa(?:in|nish)|espa\w+|indian?|canad(?:a|ian)|australian?|irish|ireland|mexic(?:o|an)|"
    r"chinese|china|japan(?:ese)?|korean?|brazil(?:ian)?|dutch|netherlands|swiss|switzerland|polish|poland|"
    r"swedish|sweden|russian?|nigerian?|pakistani?|filipino|philippines)\b",
    re.IGNORECASE,
)
_ABA_PREFIX = re.compile(r"0[0-9]|1[0-2]|2[1-9]|3[0-2]|6[1-9]|7[0-2]|80")
_VIN_VALUES = dict(
    zip(
        "0123456789ABCDEFGHJKLMNPRSTUVWXYZ",
        [*range(10), 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
    )
)
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def _alnum(value: str) -> str:
    return "".join(c for c in value if c.isalnum())


def driver_license(value: str) -> bool:
    compact = _alnum(value)
    if len(compact) == 12 and compact.startswith("WDL"):
        return True
    digits = sum(c.isdigit() for c in compact)
    return 6 <= len(compact) <= 17 and digits >= 5 and _LETTER_RUN.search(compact) is None


def passport(value: str) -> bool:
    return _PASSPORTS.fullmatch(value) is not None


def passport_type(text: str, start: int, end: int) -> str:
    """US_PASSPORT for a US-shaped number on a line that names no other country, else PASSPORT."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    if _US_PASSPORT.fullmatch(text[start:end]) and _OTHER_COUNTRY.search(line) is None:
        return "US_PASSPORT"
    return "PASSPORT"


def aba_routing(value: str) -> bool:
    if not (len(value) == 9 and value.isdigit() and _ABA_PREFIX.fullmatch(value[:2])):
        return False
    return sum(int(d) * w for d, w in zip(value, (3, 7, 1) * 3)) % 10 == 0


def vin(value: str) -> bool:
    """A North American VIN: its check digit (position 9) matches the weighted sum mod 11."""
    if len(value) != 17 or any(c not in _VIN_VALUES for c in value):
        return False
    total = sum(_VIN_VALUES[c] * w for c, w in zip(value, _VIN_WEIGHTS))
    return value[8] == "0123456789X"[total % 11]


def plate(value: str) -> bool:
    compact = _alnum(value)
    return (
        4 <= len(compact) <= 10
        and any(c.isdigit() for c in compact)
        and any(c.isalpha() for c in compact)
        and _LETTER_RUN.search(compact) is None
    )


def idnr_digits(value: str) -> bool:
    """The IdNr's check digit without the digit-repetition rule stdnum applies: for a labelled number
    stdnum refuses (sample and older numbers break the rule)."""
    compact = _alnum(value)
    return (
        len(compact) == 11
        and compact.isdigit()
        and compact[0] != "0"
        and mod_11_10.is_valid(compact)
        and not idnr.is_valid(compact)
    )


def iban_shape(value: str) -> bool:
    """An IBAN-shaped value whose check digits fail: a labelled IBAN with a typo is still an account."""
    compact = _alnum(value)
    return 15 <= len(compact) <= 34 and not iban.is_valid(compact)
