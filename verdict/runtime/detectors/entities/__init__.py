"""The registry of entity records: one `EntityRecord` per PII type, in taxonomy order.

Every table the rule detectors read is derived here from the records: the patterns (`PATTERNS`), the
validators, forms and example checks (`VALIDATORS`, `FORMS`, `EXAMPLES`, `validate`, `has_form`,
`named_as_example`); `context` builds its labels and `fields` its key rows from `RECORDS`. Adding a PII type is a record in one of the family modules, its
`EntityType` in the taxonomy and its generator (CONTRIBUTING.md, "Add a PII type"); a type the rules
cannot read at all (no shape, label or key says what it is) is listed in `MODEL_ONLY` instead.

Secret types are found by the gitleaks rules (`secrets`) and checked by `secret_forms`.
"""

from __future__ import annotations

from collections.abc import Callable

from verdict.runtime.detectors.entities import contact, documents, financial, national, personal
from verdict.runtime.detectors.entities.record import Case, EntityRecord, Keys, Pattern, Validator
from verdict.runtime.taxonomy import ENTITY_NAMES, PII_TYPES

_FAMILIES = (personal, contact, national, documents, financial)
RECORDS: tuple[EntityRecord, ...] = tuple(
    sorted((r for family in _FAMILIES for r in family.RECORDS), key=lambda r: ENTITY_NAMES.index(r.name))
)
RECORD_BY_TYPE: dict[str, EntityRecord] = {r.name: r for r in RECORDS}
# PII types only the model reads: none today, every PII type has a record.
MODEL_ONLY: frozenset[str] = frozenset()

PATTERNS: tuple[Pattern, ...] = tuple(p for r in RECORDS for p in r.patterns)
VALIDATORS: dict[str, Validator] = {r.name: r.validator for r in RECORDS if r.validator is not None}
FORMS: dict[str, Validator] = {r.name: r.form for r in RECORDS if r.form is not None}
EXAMPLES: dict[str, Callable[[str, int, int], bool]] = {
    r.name: r.example for r in RECORDS if r.example is not None
}


def has_form(entity_type: str, value: str) -> bool | None:
    """Whether `value` contains the least form of `entity_type`; None when verdict requires none."""
    form = FORMS.get(entity_type)
    return None if form is None else form.check(value)


def named_as_example(entity_type: str, text: str, start: int, end: int) -> bool:
    """Whether the text holds text[start:end] up as an example of `entity_type` (advice, not anyone's
    value); False for a type whose record has no example check."""
    example = EXAMPLES.get(entity_type)
    return example is not None and example(text, start, end)


def validate(entity_type: str, value: str) -> bool | None:
    """Whether `value` is a well-formed `entity_type`; None when verdict has no validator for it."""
    validator = VALIDATORS.get(entity_type)
    if validator is None:
        return None
    try:
        return bool(validator.check(value.strip()))
    except Exception:  # stdnum raises on some malformed input instead of answering False
        return False


def _check_registry() -> None:
    names = [r.name for r in RECORDS]
    duplicated = {n for n in names if names.count(n) > 1}
    unknown = set(names) - set(PII_TYPES)
    if duplicated or unknown or MODEL_ONLY & set(names):
        raise ValueError(f"entity records: duplicated {duplicated}, not PII types {unknown}, or model-only")
    for record in RECORDS:
        stray = [p.name for p in record.patterns if p.entity_type != record.name]
        if stray:
            raise ValueError(f"{record.name}: patterns {stray} report another type")


_check_registry()

__all__ = [
    "EXAMPLES",
    "FORMS",
    "MODEL_ONLY",
    "PATTERNS",
    "RECORDS",
    "RECORD_BY_TYPE",
    "VALIDATORS",
    "Case",
    "EntityRecord",
    "Keys",
    "Pattern",
    "Validator",
    "has_form",
    "named_as_example",
    "validate",
]
