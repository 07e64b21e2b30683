"""The entity records (`verdict.runtime.detectors.entities`): every PII type has one, and every record's
own cases read as it says through the rule detectors, as the analyzer runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from verdict.runtime.detectors import DetectContext, combine, default_detectors, run_detectors
from verdict.runtime.detectors.entities import MODEL_ONLY, RECORD_BY_TYPE, RECORDS
from verdict.runtime.detectors.fields import KEYS
from verdict.runtime.normalize import normalize
from verdict.runtime.taxonomy import ENTITY_BY_NAME, PII_TYPES

DETECTORS = default_detectors()
DEFAULT_POLICY = Path(__file__).resolve().parents[2] / "verdict/governance/policy/default.yaml"
CASES = [(record.name, c) for record in RECORDS for c in record.cases]


def _rule_findings(text: str) -> list[tuple[int, int, str]]:
    normalized = normalize(text)
    rules = run_detectors(normalized.text, DetectContext(), DETECTORS)
    return [(*normalized.to_original(f.start, f.end), f.type) for f in combine([], rules, normalized.text)]


def test_every_pii_type_has_a_record_or_is_model_only():
    assert set(PII_TYPES) == set(RECORD_BY_TYPE) | MODEL_ONLY
    assert not set(RECORD_BY_TYPE) & MODEL_ONLY


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.name)
def test_every_record_has_a_positive_and_a_negative_case(record):
    assert any(c.values for c in record.cases) and any(not c.values for c in record.cases)


@pytest.mark.parametrize(("entity_type", "case"), CASES, ids=[f"{t}:{c.text[:30]}" for t, c in CASES])
def test_record_cases_through_the_rule_detectors(entity_type, case):
    found = [(s, e) for s, e, t in _rule_findings(case.text) if t == entity_type]
    for value in case.values:
        start = case.text.index(value)
        assert any(s <= start and start + len(value) <= e for s, e in found), (value, found)
    if not case.values:
        assert found == []


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.name)
def test_presidio_name_agrees_with_the_taxonomy(record):
    if ENTITY_BY_NAME[record.name].presidio:
        assert record.presidio == record.name
    else:
        assert record.presidio != record.name


def test_default_redaction_is_the_shipped_policys():
    labels = yaml.safe_load(DEFAULT_POLICY.read_text(encoding="utf-8"))["labels"]
    for record in RECORDS:
        operator = labels.get(record.name, {}).get("operator", "replace")
        assert record.redaction == (operator["type"] if isinstance(operator, dict) else operator), record.name


def test_key_words_shared_by_records_are_one_row():
    rows = [(row.words, row.alone) for row in KEYS]
    assert len(rows) == len(set(rows))
    address = next(row for row in KEYS if row.words.startswith("address"))
    assert set(address.types) == {"STREET_ADDRESS", "CRYPTO", "IP_ADDRESS", "EMAIL_ADDRESS"}
