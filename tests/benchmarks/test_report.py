"""RESULTS.md from a results directory: the ceiling section appears when ceiling.json is there."""

from __future__ import annotations

import json

from benchmarks.report import write

MACHINE = {"date": "2026-11-25 13:00:00 UTC", "cpu": "Test CPU", "cores": 2, "commit": "abc", "dirty": False}
META = {"machine": MACHINE, "model_dir": "/m/verdict/4", "model": "verdict/4", "dev": False}
CEILING = {
    "machine": META["machine"],
    "model_dir": "/m/verdict/4",
    "tokens": 48,
    "threads": 2,
    "target_windows_per_s": 500.0,
    "flops": {"per_window": 1.04e9, "layers": 6, "hidden": 384, "intermediate": 1536},
    "rows": [
        {
            "batch": 32,
            "gemm": "int8",
            "gflops": 70.0,
            "ceiling_windows_per_s": 67.3,
            "backend_int8_windows_per_s": 59.0,
        }
    ],
}


def test_ceiling_section_and_gpu_note(tmp_path):
    results = tmp_path / "results" / "run"
    results.mkdir(parents=True)
    (results / "meta.json").write_text(json.dumps(META))
    md = write(results, tmp_path / "RESULTS.md", "python -m benchmarks.run_all --out x")
    text = md.read_text()
    assert "## Compute ceiling" not in text and "**Unmeasured**" in text
    (results / "ceiling.json").write_text(json.dumps(CEILING))
    text = write(results, tmp_path / "RESULTS.md", "cmd").read_text()
    assert "## Compute ceiling of this host" in text
    assert "| 32 | int8 | 70 | 67 | 59 | 88% |" in text
    assert "500 windows/s needs 520 GFLOP/s" in text and "(13% of it)" in text
    assert "[`results/run/`](results/run/)" in text
