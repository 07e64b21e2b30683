"""The synthetic topic hard-negative generator: deterministic, schema-valid, every topic labelled false,
dev/test wording held out of train, every kind present, many distinct texts, and lengths from a few words
to several paragraphs."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from verdict.cli import build_parser
from verdict.modeling.data import build
from verdict.modeling.data.schema import Example
from verdict.modeling.data.synthetic import contrast
from verdict.runtime.taxonomy import TOPIC_LABELS

SLOT = re.compile(r"\{\{\w+\}\}")
KIND_NAMES = {
    "homonyms",
    "idioms",
    "safe_targets",
    "definitions",
    "history",
    "fiction",
    "fiction_violence",
    "public_figures",
    "everyday",
    "support",
    "professional_info",
    "security",
    "refusals",
    "ordinary_tasks",
}


def _held_out(index: int) -> bool:
    return index % contrast.HELD_OUT_EVERY == contrast.HELD_OUT_EVERY - 1


def _held_out_fragments(kind: contrast.Kind) -> list[str]:
    """The longest literal stretch of each of the kind's dev/test-only templates, where it is distinctive."""
    fragments = []
    for i, template in enumerate(kind.templates):
        if _held_out(i):
            longest = max(SLOT.split(template), key=len).strip()
            if len(longest) > 20:
                fragments.append(longest)
    return fragments


def test_is_deterministic_for_a_seed_and_varies_across_seeds_and_splits():
    a = contrast.generate(300, seed=7, split="train")
    b = contrast.generate(300, seed=7, split="train")
    assert [ex.to_json() for ex in a] == [ex.to_json() for ex in b]
    assert [ex.text for ex in a] != [ex.text for ex in contrast.generate(300, seed=8, split="train")]
    assert [ex.text for ex in a] != [ex.text for ex in contrast.generate(300, seed=7, split="dev")]


def test_every_kind_has_enough_distinct_templates_with_slots_that_exist():
    assert set(contrast.KINDS) == KIND_NAMES
    slots = set(contrast.SLOTS) | contrast.PAIR_SLOTS
    for name, kind in contrast.KINDS.items():
        assert len(kind.templates) >= 12, name
        assert len(set(kind.templates)) == len(kind.templates), name
        assert len(_held_out_fragments(kind)) >= 3, name
        assert abs(sum(kind.parts) - 1) < 1e-9 and kind.weight > 0, name
        for template in kind.templates:
            assert {m[2:-2] for m in SLOT.findall(template)} <= slots, template
    for names, rows in contrast.PAIRS.items():
        assert rows and all(len(row) == len(names) for row in rows), names
    # The everyday kind holds one-line statements and is built combinatorially from subject/fact lists.
    everyday = contrast.KINDS["everyday"].templates
    assert len(everyday) >= 40 and all("\n" not in t and len(t.split()) <= 16 for t in everyday)


def test_examples_are_schema_valid_benign_and_fully_labelled():
    for split in ("train", "dev", "test"):
        rows = contrast.generate(300, seed=5, split=split)
        for i, ex in enumerate(rows):
            assert Example.from_json(ex.to_json()) == ex  # round-trips through validation
            assert ex.id == f"synth-contrast-{split}-{i:06d}" and ex.split == split
            assert ex.source == "synthetic/contrast" and ex.labeled == ("topics", "leakage")
            assert ex.topics == () and ex.leakage == () and ex.entities == () and ex.partial == ()
            assert all(ex.known("topics", label) for label in TOPIC_LABELS)
            assert "{{" not in ex.text and "}}" not in ex.text
            assert ex.text == ex.text.strip() and ex.text.lstrip("'")[0].isupper()
            assert ex.meta["kind"] in KIND_NAMES and ex.meta["templates"]
    with pytest.raises(ValueError):
        contrast.generate(2, seed=1, split="validation")


def test_held_out_templates_never_reach_train_and_reach_dev_and_test():
    train = contrast.generate(3000, seed=1, split="train")
    used = {tid for ex in train for tid in ex.meta["templates"]}
    assert not any(_held_out(int(tid.split("#")[1])) for tid in used)
    texts = [ex.text for ex in train]
    for name, kind in contrast.KINDS.items():
        assert not any(f in text for text in texts for f in _held_out_fragments(kind)), name
    for split in ("dev", "test"):
        rows = contrast.generate(1500, seed=2, split=split)
        held = {tid for ex in rows for tid in ex.meta["templates"] if _held_out(int(tid.split("#")[1]))}
        assert {tid.split("#")[0] for tid in held} == KIND_NAMES, split
        held_texts = [ex.text for ex in rows]
        for name, kind in contrast.KINDS.items():
            assert any(f in text for text in held_texts for f in _held_out_fragments(kind)), (name, split)


def test_every_kind_appears_and_texts_are_varied():
    rows = contrast.generate(3000, seed=3, split="train")
    kinds = Counter(ex.meta["kind"] for ex in rows)
    assert set(kinds) == KIND_NAMES
    assert min(kinds.values()) > 100
    assert kinds["everyday"] == max(kinds.values())  # short plain statements get the largest share
    assert len({ex.text for ex in rows}) > 0.95 * len(rows)
    # Most of the train split's templates are used, and a text is not just a bare template.
    used = {tid for ex in rows for tid in ex.meta["templates"]}
    shared = sum(not _held_out(i) for kind in contrast.KINDS.values() for i in range(len(kind.templates)))
    assert len(used) > 0.95 * shared


def test_lengths_run_from_a_few_words_to_several_paragraphs():
    rows = contrast.generate(3000, seed=4, split="train")
    words = [len(ex.text.split()) for ex in rows]
    assert sum(w < 10 for w in words) > 0.05 * len(rows)
    assert sum(w > 80 for w in words) > 0.03 * len(rows)
    assert max(words) <= contrast.MAX_WORDS + 20
    assert any(ex.text.count("\n\n") >= 2 for ex in rows)  # several paragraphs
    one_liners = [ex.text for ex in rows if ex.meta["kind"] == "everyday" and len(ex.text.split()) < 10]
    assert len(set(one_liners)) > 100


@pytest.mark.parametrize(
    "phrase",
    [
        "kill",
        "execute",
        "shoot",
        "exploit",
        "trigger",
        "bombed",
        "strip",
        "hang",
        "attack",
        "988",
        "116 123",
        "passphrase",
        "two-factor",
        "phishing",
        "genocide",
        "botnet",
        "fraud",
        "sarin",
        "assassinat",
        "election",
        "cannot fly",
        "collective noun",
        "pharmacist",
        "adviser",
        "solicitor",
        "I can't",
        "blog-post ideas",
    ],
)
def test_the_vocabulary_that_drew_false_positives_appears_benignly(phrase):
    texts = [ex.text for ex in contrast.generate(3000, seed=6, split="dev")]
    assert any(phrase.lower() in text.lower() for text in texts), phrase


def _build_args(*extra: str):
    argv = ["data", "build", *extra]
    return build_parser(argv).parse_args(argv)


def test_build_flag_defaults_to_3000_and_feeds_every_split(tmp_path):
    assert build.SYNTHETIC["contrast"] == ("verdict.modeling.data.synthetic.contrast", 3000)
    assert _build_args().synthetic_contrast == 3000
    others = [a for name in build.SYNTHETIC if name != "contrast" for a in (f"--synthetic-{name}", "0")]
    rows = build.load_synthetic(tmp_path, _build_args(*others, "--synthetic-contrast", "100"), set())
    assert Counter(ex.split for ex in rows) == {"train": 80, "dev": 10, "test": 10}
    assert {ex.source for ex in rows} == {"synthetic/contrast"}
    assert len({ex.id for ex in rows}) == len(rows)
    assert build.load_synthetic(tmp_path, _build_args(*others, "--synthetic-contrast", "0"), set()) == []
