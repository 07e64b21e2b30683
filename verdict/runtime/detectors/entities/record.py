"""What verdict knows about one entity type, in one frozen record (Presidio's recognizer, as data).

A record holds everything the rule detectors read about its type: the regex candidates (`Pattern`), the
validator that confirms a match or a model span (a checksum, a range rule), the least form a model
span must have, the label words that name it in prose (`context`), the record keys that name it in
JSON, YAML, CSV and `key: value` lines (`field_keys`), the shape a keyed value must have when there is
no validator, its default redaction operator, its Presidio name, and its own cases. The detectors
(`patterns`, `context`, `fields`, `combination`) build their tables from the registry of records
(`entities.RECORDS`); none holds a table of types of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Check = Callable[[str], bool]
# A value its label names but its validator refuses (a DE IdNr breaking the digit-repetition rule, an
# IBAN with a typo in it): still someone's number, reported with less confidence instead of dropped.
LABELLED_ONLY_SCORE = 0.6


@dataclass(frozen=True, slots=True)
class Validator:
    """A check that a random string of the right shape fails; `algo` names it in detector names
    ("checksum:<algo>") and explanations."""

    algo: str
    check: Check


@dataclass(frozen=True, slots=True)
class Pattern:
    """One candidate shape. `check` replaces the type's validator for types that have none (`algo`
    names it when it is a checksum); `veto` drops a match by what surrounds it (text, start, end);
    `documentation` tells a value reserved for documentation (reported only by a detector told to);
    `known_test` a value published for testing (a payment provider's test card), reported at a lower
    score that says why: harmless when leaked, but the policy, not the detector, decides that.
    `labelled`: the match counts only after a label naming its type (`context.cued`: "DL:", "routing
    number", "Kennzeichen"), for shapes that any number has; `score` then overrides the default.
    `quiet_after_other_label`: a match after a label that names only other types is not one (a
    digit-only number with a weak check: "MRN: 495-963-837" is no SIN). `unless_label`: label words
    that silence a labelled match ("routing" names the ABA pattern's number, not a bank account).
    `retype` picks the reported type by what surrounds the match (a US or another passport).
    `shrinks`: a match that fails is tried again cut at each separator inside it, longest first (a card
    number followed by a line that starts with digits)."""

    name: str
    entity_type: str
    regex: re.Pattern[str]
    check: Check | None = None
    gate: str = ""  # a substring every match contains: absent, the regex is not run
    veto: Callable[[str, int, int], bool] | None = None
    documentation: Check | None = None
    known_test: Check | None = None
    algo: str = ""
    labelled: bool = False
    quiet_after_other_label: bool = False
    unless_label: frozenset[str] = frozenset()
    score: float | None = None
    retype: Callable[[str, int, int], str] | None = None
    shrinks: bool = False


@dataclass(frozen=True, slots=True)
class Keys:
    """Words (a regex over a normalized key: lower case, no accents or punctuation, camelCase split)
    that name the type in a record's key. `alone=False`: the key only hints (a bare "name" labels
    products as often as people), so its findings confirm the model's reading and never stand alone.
    `generic`: a head noun that other words narrow ("card", "address", "account", "tax"): "PAN card",
    "MAC address" and "sort code account" are named by their other word. The same words in several
    records ("address": a street's, a wallet's, a host's) name all of them, and the value's shape picks
    one."""

    words: str
    alone: bool = True
    generic: bool = False


@dataclass(frozen=True, slots=True)
class Case:
    """A text and the values of the record's type in it, as written; none: a negative (the rule
    detectors report no finding of the type in the text)."""

    text: str
    values: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        missing = [v for v in self.values if v not in self.text]
        if missing:
            raise ValueError(f"case values {missing!r} are not in {self.text!r}")


def case(text: str, *values: str) -> Case:
    return Case(text, values)


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """One entity type's rules. `name` is the taxonomy's; `presidio` Presidio's name for the same
    entity ("" where Presidio has none). `context`: regexes of the label words that name the type in
    prose, the nearest one before a value deciding what it is; a label in several records names each
    ("tax" names an ITIN, a TFN and a German IdNr). `validator` confirms (a checksum); `form` only
    demotes a model span that lacks it (an email address needs a domain); `example` (text, start, end)
    demotes a model span the text holds up as an example, for a type whose examples are advice and
    nobody's value (a password "like `Summer2024!`"). `field_shape`: what a value under a key naming
    the type must look like when the type has no validator (and is not found whole by one of its own
    patterns). `redaction`: the default operator (`governance.policy.redaction`). `cases`: texts the
    rule detectors must read as the record says, positives and negatives."""

    name: str
    presidio: str = ""
    patterns: tuple[Pattern, ...] = ()
    validator: Validator | None = None
    form: Validator | None = None
    example: Callable[[str, int, int], bool] | None = None
    context: tuple[str, ...] = ()
    field_keys: tuple[Keys, ...] = ()
    field_shape: Check | None = None
    redaction: str = "replace"
    cases: tuple[Case, ...] = ()
