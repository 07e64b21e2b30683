"""Fixtures shared by the runtime tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from verdict.governance.policy.deciding import decider
from verdict.runtime.analyzer import Analyzer
from verdict.runtime.manifest import Manifest, resolve_model_dir
from verdict.runtime.pipeline import load_backend

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def decide_text():
    """text -> (analysis, verdict) with the shipped model, the rules and the shipped default policy."""
    manifest = Manifest.load(resolve_model_dir(ROOT / "models"))
    analyzer, backend = Analyzer(manifest), load_backend(manifest, None, None)
    decide = decider(None, manifest.model_version)

    def run(text: str):
        (analysis,) = analyzer.analyze([text], backend)
        return analysis, decide(analysis)

    return run
