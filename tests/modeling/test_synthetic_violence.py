"""The synthetic graphic-violence generator: deterministic, balanced, schema-valid, dev/test wording held out."""

from __future__ import annotations

import re
from collections import Counter

from verdict.cli import build_parser
from verdict.modeling.data import build
from verdict.modeling.data.schema import Example
from verdict.modeling.data.synthetic import violence


def _held_out_fragments() -> list[str]:
    """The longest literal stretch of every dev/test-only template, where it is long enough to be distinctive."""
    fragments = []
    for kind in (*violence.KINDS.values(), *violence.NEGATIVES.values()):
        for i, template in enumerate(kind.templates):
            if i % violence.HELD_OUT_EVERY == violence.HELD_OUT_EVERY - 1:
                longest = max(re.split(r"\{[a-z_]+\}", template), key=len).strip()
                if len(longest) > 15:
                    fragments.append(longest)
    return fragments


def test_is_deterministic_for_a_seed_and_varies_across_seeds():
    a = violence.generate(300, seed=7, split="train")
    b = violence.generate(300, seed=7, split="train")
    assert [ex.to_json() for ex in a] == [ex.to_json() for ex in b]
    assert [ex.text for ex in a] != [ex.text for ex in violence.generate(300, seed=8, split="train")]


def test_labels_are_balanced_and_crimes_are_a_minority():
    rows = violence.generate(1000, seed=3, split="train")
    positives = [ex for ex in rows if ex.topics]
    assert len(positives) == 500
    assert all("graphic_violence" in ex.topics for ex in positives)
    crimes = sum("violent_crimes" in ex.topics for ex in positives)
    assert 0 < crimes < 0.3 * len(positives)
    assert len({ex.text for ex in rows}) > 0.9 * len(rows)


def test_enough_templates_and_held_out_wording_stays_out_of_train():
    assert sum(len(k.templates) for k in violence.KINDS.values()) >= 40
    assert sum(len(k.templates) for k in violence.NEGATIVES.values()) >= 40
    fragments = _held_out_fragments()
    assert len(fragments) >= 20
    train = [ex.text for ex in violence.generate(2000, seed=1, split="train")]
    assert not any(f in text for text in train for f in fragments)
    for split in ("dev", "test"):
        held = [ex.text for ex in violence.generate(400, seed=2, split=split)]
        assert any(f in text for text in held for f in fragments)


def test_examples_are_schema_valid_with_one_to_four_sentences():
    for split in ("train", "dev", "test"):
        rows = violence.generate(200, seed=5, split=split)
        for i, ex in enumerate(rows):
            assert Example.from_json(ex.to_json()) == ex  # round-trips through validation
            assert ex.id == f"synth-violence-{split}-{i:06d}" and ex.split == split
            assert ex.source == "synthetic/violence" and ex.labeled == ("topics", "leakage")
            assert ex.leakage == () and ex.entities == ()
            assert "{" not in ex.text and "}" not in ex.text
            assert 1 <= len(re.findall(r"[.!?](?=\s|$)", ex.text)) <= 4


def _build_args(*extra: str):
    argv = ["data", "build", *extra]
    return build_parser(argv).parse_args(argv)


def test_build_flag_defaults_to_1200_and_feeds_every_split(tmp_path):
    assert _build_args().synthetic_violence == 1200
    others = [a for name in build.SYNTHETIC if name != "violence" for a in (f"--synthetic-{name}", "0")]
    rows = build.load_synthetic(tmp_path, _build_args(*others, "--synthetic-violence", "100"), set())
    assert Counter(ex.split for ex in rows) == {"train": 80, "dev": 10, "test": 10}
    assert {ex.source for ex in rows} == {"synthetic/violence"}
    assert len({ex.id for ex in rows}) == len(rows)
    assert build.load_synthetic(tmp_path, _build_args(*others, "--synthetic-violence", "0"), set()) == []
