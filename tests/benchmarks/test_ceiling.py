"""The compute-ceiling benchmark: FLOP counts by hand, a real GEMM graph in ORT (fp32 and int8), a record."""

from __future__ import annotations

import json
import shutil

import pytest

from benchmarks.ceiling import encoder_flops, gemm_rate, layer_graph, main

MINILM = {"hidden_size": 384, "intermediate_size": 1536, "num_hidden_layers": 6}


def test_flops_of_minilm_at_48_tokens():
    flops = encoder_flops(MINILM, 48)
    assert flops["per_layer_projections"] == 2 * 48 * (4 * 384 * 384 + 2 * 384 * 1536) == 169_869_312
    assert flops["per_layer_attention"] == 4 * 48 * 48 * 384
    assert flops["per_window"] == 6 * (169_869_312 + 3_538_944)  # ~1.04 GFLOP


def test_layer_graph_runs_fp32_and_int8(tmp_path):
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32 = layer_graph(16, 64, tmp_path / "layer.onnx")
    int8 = tmp_path / "layer.int8.onnx"
    quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)
    for path in (fp32, int8):
        rate = gemm_rate(path, 8, 16, 64, threads=1, min_seconds=0.0, min_runs=2)
        assert rate["rows"] == 8 and rate["runs"] >= 2 and rate["ms"] > 0 and rate["gflops"] > 0


def test_record_and_report(tiny_model_dir, tmp_path, capsys):
    from verdict.runtime.model import tiny_encoder_config

    model_dir = shutil.copytree(tiny_model_dir, tmp_path / "1")
    tiny_encoder_config().to_json_file(model_dir / "config.json")
    out = tmp_path / "ceiling.json"
    assert (
        main(
            [
                "--model-dir",
                str(model_dir),
                "--tokens",
                "8",
                "--batch",
                "1",
                "2",
                "--threads",
                "1",
                "--seconds",
                "0",
                "--target",
                "100",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    record = json.loads(out.read_text())
    assert record["machine"]["commit"] and record["tokens"] == 8 and record["target_windows_per_s"] == 100
    assert [(r["batch"], r["gemm"]) for r in record["rows"]] == [
        (1, "fp32"),
        (1, "int8"),
        (2, "fp32"),
        (2, "int8"),
    ]
    for row in record["rows"]:
        assert row["ceiling_windows_per_s"] == pytest.approx(
            row["gflops"] * 1e9 / record["flops"]["per_window"]
        )
        assert row["backend_int8_windows_per_s"] > 0
    printed = capsys.readouterr().out
    assert "| batch | GEMM |" in printed and "100 windows/s needs" in printed


def test_a_dir_without_config_is_refused_by_name(tiny_model_dir):
    with pytest.raises(SystemExit, match="has no config.json"):
        main(["--model-dir", str(tiny_model_dir), "--seconds", "0"])
