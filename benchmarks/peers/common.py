"""Shared by the peer runners (stdlib only: it runs under each peer's own virtual environment).

A runner reads `{"id", "text"}` lines, analyzes each text once after a short warm-up, and writes one
`{"id", "spans": [[start, end, type], ...], "flagged": bool, "seconds": float}` line per text plus a
`<out>.meta.json` with the tool's name, version and load time. Timing covers the analysis call only.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from importlib import metadata

WARMUP_TEXTS = 5


def run(tool: str, package: str, load: Callable[[], Callable[[str], tuple[list, bool]]]) -> None:
    src, dst = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    analyze = load()
    load_s = time.perf_counter() - started
    with open(src, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for row in rows[:WARMUP_TEXTS]:
        analyze(row["text"])
    with open(dst, "w", encoding="utf-8") as out:
        for row in rows:
            began = time.perf_counter()
            spans, flagged = analyze(row["text"])
            seconds = time.perf_counter() - began
            out.write(
                json.dumps({"id": row["id"], "spans": spans, "flagged": flagged, "seconds": seconds}) + "\n"
            )
    meta = {
        "tool": tool,
        "package": package,
        "version": metadata.version(package),
        "load_s": load_s,
        "python": sys.version.split()[0],
    }
    with open(dst + ".meta.json", "w", encoding="utf-8") as fh:
        json.dump(meta, fh)
