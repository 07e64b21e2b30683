"""Every verdict other than ALLOW names the findings that caused it, over a corpus, with the shipped model
(a real ONNX Runtime session) and the default policy: the everyday answers, their harmful counterparts and
the probes, the texts on which a verdict without a reason was seen ("How Google makes money?" -> FLAG)."""

from __future__ import annotations

from pathlib import Path

import pytest

from verdict.governance.policy.deciding import decider
from verdict.governance.policy.verdict import Action
from verdict.modeling.data.sources.reader import read_jsonl
from verdict.modeling.evaluation.predictions import load_backend
from verdict.runtime.analyzer import Analyzer
from verdict.runtime.manifest import Manifest, resolve_model_dir

ROOT = Path(__file__).resolve().parents[1]
CORPUS = [
    *sorted((ROOT / "benchmarks" / "everyday").glob("*.jsonl")),
    ROOT / "benchmarks" / "probes" / "test.jsonl",
]


@pytest.fixture(scope="module")
def verdicts():
    manifest = Manifest.load(resolve_model_dir(ROOT / "models"))
    analyzer, backend = Analyzer(manifest), load_backend(manifest, None, None)
    texts = [row["text"] for path in CORPUS for row in read_jsonl(path)]
    decide = decider(None, manifest.model_version)
    return [decide(a) for a in analyzer.analyze(texts, backend)]


def test_the_corpus_is_large_and_gets_every_kind_of_verdict(verdicts):
    assert len(verdicts) >= 700
    assert {v.action for v in verdicts} >= {Action.ALLOW, Action.BLOCK, Action.REDACT}


def test_no_action_without_the_findings_that_caused_it(verdicts):
    for v in verdicts:
        if v.action is Action.ALLOW:
            assert not v.findings or all(r.action is Action.ALLOW for r in v.reasons)
            continue
        assert v.findings, f"{v.action.value} without a finding: {v.original_text[:80]!r}"
        acting = [r for r in v.reasons if r.action is v.action]
        assert acting, f"{v.action.value} without a reason of that action: {v.original_text[:80]!r}"
        counted = {(f.type, f.start, f.end) for f in v.findings}
        assert {(r.type, r.start, r.end) for r in acting} <= counted
        assert all(r.score >= r.threshold for r in acting)
