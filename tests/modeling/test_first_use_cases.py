"""The first-use cases file and its judge: what each case expects of a verdict, and a bad file refused
with the line and field named."""

from __future__ import annotations

import json

import pytest

from verdict.governance.policy.verdict import Action
from verdict.modeling.evaluation.first_use import CASES_FILE, Case, judge, load_cases
from verdict.runtime.findings import Finding


def test_the_committed_cases_load_and_cover_both_expectations():
    cases = load_cases()
    assert len(cases) == len({c.id for c in cases}) >= 20
    blocks = [c for c in cases if c.expect == "BLOCK"]
    assert blocks and all(c.topics for c in blocks)
    assert {"crisis-988", "kill-python", "paris", "pipe-bomb-opened"} <= {c.id for c in cases}
    assert CASES_FILE.parent.name == "first_use"


class _Verdict:
    """The two fields judge() reads of a governance Verdict."""

    def __init__(self, action: str, *findings: Finding):
        self.action = Action(action)
        self.findings = findings


def _topic(name: str, score: float = 0.9) -> Finding:
    return Finding("topic", name, score, 0, 10, "model")


def test_allow_is_met_only_without_any_finding():
    case = Case("paris", "The capital of France is Paris.", "ALLOW")
    assert judge(case, _Verdict("ALLOW")).met
    # ALLOW but carrying a finding still fails: every finding a user sees must be a real one
    allowed_with_finding = judge(case, _Verdict("ALLOW", Finding("pii", "LOCATION", 0.8, 27, 32, "model")))
    assert not allowed_with_finding.met and allowed_with_finding.findings == ("LOCATION 0.80",)
    assert not judge(case, _Verdict("FLAG", _topic("hate"))).met


def test_block_is_met_only_by_a_named_topic():
    case = Case("bomb", "...", "BLOCK", ("indiscriminate_weapons", "violent_crimes"))
    assert judge(case, _Verdict("BLOCK", _topic("violent_crimes"))).met
    assert not judge(case, _Verdict("BLOCK", _topic("hate"))).met  # blocked, for the wrong reason
    assert not judge(case, _Verdict("FLAG", _topic("indiscriminate_weapons"))).met
    outcome = judge(case, _Verdict("ALLOW"))
    assert (outcome.action, outcome.met, outcome.findings) == ("ALLOW", False, ())


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"id": "a", "text": "x", "expect": "REDACT"}, "field 'expect' must be one of"),
        ({"id": "a", "text": "", "expect": "ALLOW"}, "field 'text' must be a non-empty string"),
        ({"text": "x", "expect": "ALLOW"}, "field 'id' must be a non-empty string"),
        ({"id": "a", "text": "x", "expect": "BLOCK"}, "a BLOCK case needs field 'topics'"),
    ],
)
def test_a_bad_case_is_refused_with_its_line_and_field(tmp_path, row, message):
    path = tmp_path / "cases.jsonl"
    good = {"id": "ok", "text": "Fine.", "expect": "ALLOW"}
    path.write_text(json.dumps(good) + "\n" + json.dumps(row) + "\n")
    with pytest.raises(ValueError, match=f"{path}:2: {message}"):
        load_cases(path)


def test_a_repeated_id_or_broken_json_is_refused(tmp_path):
    path = tmp_path / "cases.jsonl"
    row = json.dumps({"id": "a", "text": "x", "expect": "ALLOW"})
    path.write_text(f"{row}\n\n{row}\n")
    with pytest.raises(ValueError, match=r":3: field 'id' 'a' repeats"):
        load_cases(path)
    path.write_text("{not json\n")
    with pytest.raises(ValueError, match=r":1: not JSON"):
        load_cases(path)
