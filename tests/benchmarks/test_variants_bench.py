"""The side-by-side model benchmark runs every model on the same shapes, round by round, and writes its record."""

from __future__ import annotations

import json
import shutil

from benchmarks.variants_bench import main, parse_shape


def test_shapes_parse():
    assert parse_shape("32x40") == (32, 40) and parse_shape("1x8") == (1, 8)


def test_two_models_side_by_side(tiny_model_dir, tmp_path, capsys):
    other = shutil.copytree(tiny_model_dir, tmp_path / "copy")
    out = tmp_path / "variants.json"
    code = main(
        [
            str(tiny_model_dir),
            str(other),
            "--variant",
            "int8",
            "--shapes",
            "2x8",
            "4x12",
            "--rounds",
            "2",
            "--batches",
            "2",
            "--threads",
            "1",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    record = json.loads(out.read_text())
    assert record["variant"] == "int8" and record["machine"]["cores"] >= 1 and record["machine"]["commit"]
    assert set(record["results"]) == {"2x8", "4x12"}
    for per_model in record["results"].values():
        first, second = per_model[str(tiny_model_dir)], per_model[str(other)]
        assert first["ratio_to_first"] == 1.0 and len(first["rounds"]) == len(second["rounds"]) == 2
        assert second["windows_per_s"] > 0
        assert second["ratio_to_first"] == second["windows_per_s"] / first["windows_per_s"]
    assert capsys.readouterr().out.count("windows/s") == 4
