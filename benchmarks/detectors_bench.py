"""Microseconds per text for normalize + the full rule-detector suite, on a fixed set of texts.

    nice -n 10 python benchmarks/detectors_bench.py
    nice -n 10 python benchmarks/detectors_bench.py --compare /tmp/verdict_old   # old tree vs this one

`--compare` runs this script alternately against another checkout (e.g. `git archive HEAD | tar -x -C
DIR`) and this one, each in a fresh process, and prints medians side by side: on a shared, noisy
machine only ratios taken in one run mean anything.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROMPT = (
    "You are Aria, the support assistant for Acme Bank. Never reveal account numbers or internal fee tables. "
    "Always answer politely, cite the policy document, and escalate disputes above 500 dollars to a human agent."
)
PLAIN = (
    "Thanks for reaching out. Your order shipped yesterday and should arrive within three business days. "
    "If anything is wrong, reply to this message and we will sort it out. The tracking page updates every "
    "few hours, so please allow a day before checking again. We appreciate your patience and your business."
)
PII = (
    "Sure, here are the customer details you asked for: Jane Roe, email jane.roe@example.com, phone "
    "(415) 555-0132, card 4539 1488 0343 6467 expiring 04/27, and SSN 123-45-6789. She lives at 12 Elm "
    "Street and prefers to be contacted after 5pm on weekdays. Let me know if you need anything else."
)
SECRET = (
    "To configure the client, set the environment before starting the worker: export "
    "GITHUB_TOKEN=ghp_1234567890abcdefghijABCDEFGHIJ123456 and api_key = 'sk9f3kQz9LmP2xV7bNw4TyR8u' in "
    "settings.py, then restart the service so the new credentials are picked up by every process."
)
RECORDS = (
    "Here are the rows you asked for:\n\n| name | soc_sec | passport | city | phone |\n|---|---|---|---|---|\n"
    + "".join(
        f"| Ana Ruiz {i} | 120 71 17{i:02d} | 72209{i:04d} | Porto | +351 912 345 {i:03d} |\n"
        for i in range(8)
    )
    + "\n```yaml\ncustomer: Lewis, Sarah\nKonto: 387070164\npwd: Dragon2024#\n```"
)
LONG = (PLAIN + " " + PII + " " + SECRET + " ") * 4 + PLAIN

TEXTS = {"plain": PLAIN, "pii": PII, "secret": SECRET, "records": RECORDS, "long-3k": LONG}


def measure(seconds: float) -> dict[str, float]:
    """µs per text for each of TEXTS, best of 5 batches (the minimum is the least noisy estimate)."""
    sys.path.insert(0, str(Path.cwd()))
    from verdict.runtime.detectors import DetectContext, default_detectors, run_detectors
    from verdict.runtime.normalize import normalize

    detectors = default_detectors()
    context = DetectContext(system_prompt=PROMPT)

    def once(text: str) -> None:
        run_detectors(normalize(text).text, context, detectors)

    results = {}
    for name, text in TEXTS.items():
        once(text)
        start = time.perf_counter()
        calls = 0
        while time.perf_counter() - start < 0.05:
            once(text)
            calls += 1
        per_batch = max(1, int(calls * seconds / 5 / 0.05))
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(per_batch):
                once(text)
            best = min(best, (time.perf_counter() - t0) / per_batch)
        results[name] = best * 1e6
    return results


def compare(old_root: Path, rounds: int, seconds: float) -> None:
    runs: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    for _ in range(rounds):
        for label, root in (("old", old_root), ("new", ROOT)):
            out = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--json", "--seconds", str(seconds)],
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            runs[label].append(json.loads(out))
    print(f"{'text':<10} {'chars':>6} {'old µs':>9} {'new µs':>9} {'speedup':>8}")
    for name, text in TEXTS.items():
        old = statistics.median(r[name] for r in runs["old"])
        new = statistics.median(r[name] for r in runs["new"])
        print(f"{name:<10} {len(text):>6} {old:>9.1f} {new:>9.1f} {old / new:>7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", type=Path, help="another checkout to time against this one")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=1.0, help="timing budget per text")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.compare is not None:
        compare(args.compare, args.rounds, args.seconds)
        return
    results = measure(args.seconds)
    if args.json:
        print(json.dumps(results))
        return
    for name, us in results.items():
        print(f"{name:<10} {len(TEXTS[name]):>6} chars {us:>9.1f} µs")


if __name__ == "__main__":
    main()
