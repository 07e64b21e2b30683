"""Calibrated label scores: the version's operating point is 0.5 for every label, order is kept, the
analyzer reports candidates from CANDIDATE_FLOOR and leaves the decision to the policy."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from verdict.runtime.analyzer import Analyzer
from verdict.runtime.backends.base import WindowOutput
from verdict.runtime.calibration import CANDIDATE_FLOOR, Calibration
from verdict.runtime.manifest import MANIFEST_FILE, Manifest


def test_the_operating_point_calibrates_to_one_half():
    cal = Calibration.of({"hate": 0.8, "violent_crimes": 0.3})
    assert cal.score("hate", 0.8) == pytest.approx(0.5)
    assert cal.score("violent_crimes", 0.3) == pytest.approx(0.5)
    assert cal.score("hate", 0.7) < 0.5 < cal.score("violent_crimes", 0.7)
    assert cal.score("elections", 0.62) == pytest.approx(0.62)  # no operating point: unchanged


@given(a=st.floats(0, 1), b=st.floats(0, 1), t=st.floats(0.01, 0.99), scale=st.floats(0.1, 10))
def test_calibration_keeps_the_order_of_scores(a, b, t, scale):
    cal = Calibration.of({"hate": t}, {"hate": scale})
    if a <= b:
        assert cal.score("hate", a) <= cal.score("hate", b)
    assert 0.0 <= cal.score("hate", a) <= 1.0


def test_a_temperature_sharpens_or_flattens_around_the_operating_point():
    sharp, flat = Calibration.of({"hate": 0.5}, {"hate": 4.0}), Calibration.of({"hate": 0.5}, {"hate": 0.25})
    assert sharp.score("hate", 0.6) > 0.6 > flat.score("hate", 0.6) > 0.5
    with pytest.raises(ValueError, match="hate"):
        Calibration.of({"hate": 0.5}, {"hate": 0.0})


def test_the_analyzer_reports_calibrated_candidates_and_raw_scores(tiny_model_dir, tmp_path):
    raw = json.loads((tiny_model_dir / MANIFEST_FILE).read_text())
    topics = raw["labels"]["topics"]
    raw["thresholds"]["topics"] = {topics[0]: 0.9, topics[1]: 0.2}
    raw["calibration"] = {topics[1]: 2.0}
    for path in tiny_model_dir.iterdir():
        if path.is_file():
            (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / MANIFEST_FILE).write_text(json.dumps(raw))
    manifest = Manifest.load(tmp_path)
    analyzer = Analyzer(manifest)
    prepared = analyzer.prepare("a short text")
    n_topics, n_leak = len(manifest.labels.topics), len(manifest.labels.leakage)
    logits = np.full(n_topics, -6.0)
    logits[0], logits[1] = np.log(0.8 / 0.2), np.log(0.3 / 0.7)  # raw 0.8 (under 0.9) and 0.3 (over 0.2)
    outputs = [
        WindowOutput(
            token_logits=np.zeros((len(w.ids), len(manifest.labels.token_tags)), dtype=np.float32),
            topic_logits=logits.astype(np.float32),
            leak_logits=np.full(n_leak, -6.0, dtype=np.float32),
            embedding=np.ones(manifest.hidden_size, dtype=np.float32) / np.sqrt(manifest.hidden_size),
        )
        for w in prepared.windows
    ]
    analysis = analyzer.finish(prepared, outputs)
    assert analysis.raw_scores[topics[0]] == pytest.approx(0.8, abs=1e-4)
    assert analysis.scores[topics[0]] < 0.5 < analysis.scores[topics[1]]
    assert analysis.scores[topics[1]] == pytest.approx(
        Calibration.of({"x": 0.2}, {"x": 2.0}).score("x", 0.3), abs=1e-4
    )
    candidates = {f.type: f.score for f in analysis.findings if f.category == "topic"}
    assert candidates == {t: s for t, s in analysis.scores.items() if t in topics and s >= CANDIDATE_FLOOR}
    assert topics[0] in candidates  # below its operating point, still a candidate: the policy decides
