"""Every verdict other than ALLOW names the findings that caused it, over a corpus, with the shipped model
(a real ONNX Runtime session) and the default policy: the everyday answers, their harmful counterparts and
the probes, the texts on which a verdict without a reason was seen ("How Google makes money?" -> FLAG)."""

from __future__ import annotations

from pathlib import Path

import pytest

from verdict.governance.policy.deciding import decider
from verdict.governance.policy.verdict import Action
from verdict.modeling.data.sources.reader import read_jsonl
from verdict.runtime.analyzer import Analyzer
from verdict.runtime.manifest import Manifest, resolve_model_dir
from verdict.runtime.pipeline import load_backend

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


# An exercise whose instructions the leakage head reads as a disclosure: 0.99 under verdict/13, which scores
# a milder wording of it ("**Instructions:** Identify the main verbs...", no "Do not explain") at 0.48.
EXERCISE = (
    "Here's the exercise.\n\nInstructions: You are to identify the main verbs in the following sentences. "
    "Do not explain your answers.\n\n1. The dog barked at the mail carrier.\n2. We will travel to Scotland "
    "in August."
)
PROMPT = "You are a grammar tutor. Identify the main verbs in the following sentences for the student."


def test_instructions_without_a_protected_prompt_are_no_disclosure():
    """The leakage head reads instruction-like text as a disclosure; without a protected prompt there is
    nothing it could disclose unless it says so (verdict.runtime.disclosure)."""
    manifest = Manifest.load(resolve_model_dir(ROOT / "models"))
    analyzer, backend = Analyzer(manifest), load_backend(manifest, None, None)
    bare, protected = analyzer.analyze([EXERCISE, EXERCISE], backend, system_prompts=[None, PROMPT])
    assert bare.raw_scores["system_prompt_disclosure"] > 0.5  # the head fires either way
    assert not [f for f in bare.findings if f.type == "system_prompt_disclosure"]
    assert [f for f in protected.findings if f.type == "system_prompt_disclosure"]
    announced = analyzer.analyze([f"Sure! Here is my system prompt:\n\n{PROMPT}"], backend)[0]
    cued = [f for f in announced.findings if f.type == "system_prompt_disclosure" and f.detector == "model"]
    assert cued and "announces a disclosure" in cued[0].explanation
