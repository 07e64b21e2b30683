"""Two model versions on the benchmark corpus: real in-process engines on the tiny model, scored as peers are."""

from __future__ import annotations

import json
import shutil

import pytest

from benchmarks import models_side_by_side


def test_two_versions_scored_on_the_same_texts(tmp_path, tiny_model_dir):
    other = tmp_path / "verdict" / "2"
    shutil.copytree(tiny_model_dir, other)
    # The same weights with every topic threshold at 0.999: only the topic numbers may differ.
    manifest = json.loads((other / "manifest.json").read_text())
    manifest["thresholds"]["topics"] = {k: 0.999 for k in manifest["thresholds"]["topics"]}
    (other / "manifest.json").write_text(json.dumps(manifest))
    out = tmp_path / "side.json"
    assert (
        models_side_by_side.main(
            [
                "--model-dir",
                str(tiny_model_dir),
                "--model-dir",
                str(other),
                "--out",
                str(out),
                "--n",
                "24",
                "--seed",
                "3",
            ]
        )
        == 0
    )
    result = json.loads(out.read_text())
    assert result["n_texts"] == 24 and result["machine"]["commit"] and "--n 24" in result["command"]
    first, second = result["versions"].values()
    assert first.keys() == second.keys() and "has_topic" in first
    assert (
        second["has_topic"]["predicted"] == 0 < first["has_topic"]["predicted"]
    )  # a random head is never that sure
    buckets = sorted(k for k in first if k.startswith("has_topic@"))
    assert buckets  # has_topic again per length bucket of the corpus, whose counts add up to the whole
    assert sum(first[k]["support"] for k in buckets) == first["has_topic"]["support"]
    assert sum(first[k]["predicted"] for k in buckets) == first["has_topic"]["predicted"]
    differing = models_side_by_side.rows(result)
    assert differing and all(row[0].startswith("has_topic") for row in differing)


def test_refuses_one_version_and_a_dir_without_manifest(tmp_path, tiny_model_dir, capsys):
    with pytest.raises(SystemExit):
        models_side_by_side.main(["--model-dir", str(tiny_model_dir), "--out", str(tmp_path / "x.json")])
    assert "at least two" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        models_side_by_side.main(
            [
                "--model-dir",
                str(tiny_model_dir),
                "--model-dir",
                str(tmp_path),
                "--out",
                str(tmp_path / "x.json"),
            ]
        )
    assert "no manifest.json" in capsys.readouterr().err
