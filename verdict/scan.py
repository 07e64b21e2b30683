"""`verdict scan IN.jsonl -o OUT.jsonl`: classify a JSONL file with the engine the server uses.

Input lines: `{"id": ..., "text": "...", "system_prompt": "..." (optional)}`.
Output lines, in input order: `{"id", "action", "findings": [{"category", "type", "score", "start",
"end", "detector"}], "redacted_text", "scores": {label: probability for every topic and leakage label},
"model_version", "policy_version"}`, as the API answers: `findings` are the ones that caused the action
(none for ALLOW), and `redacted_text` is what a proxy would release on REDACT (null otherwise).

A bad line (invalid JSON, missing id or text, text not a string, text over the limit) is reported on
stderr with its line number and skipped. Exit status: 0 when every line was scanned, 1 when some were
skipped (the good ones are still written), 2 when nothing could run (missing file, bad model or policy).
The texts go through the runtime's one loop (`verdict.runtime.pipeline`) on the backend `--device` picks,
as the server picks it; the default (auto) on a host without a GPU needs no torch: onnxruntime +
tokenizers only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from verdict.runtime.backends.select import add_device_arguments
from verdict.runtime.errors import InputError, VerdictError
from verdict.runtime.findings import Analysis

if TYPE_CHECKING:
    from verdict.governance.policy.verdict import Verdict
    from verdict.runtime.analyzer import Analyzer
    from verdict.runtime.pipeline import Pipeline

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Record:
    line: int
    id: object
    text: str
    system_prompt: str | None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=Path, help="JSONL file: {id, text, optional system_prompt} per line")
    parser.add_argument("-o", "--output", type=Path, required=True, help="JSONL file to write")
    parser.add_argument("--model-dir", type=Path, help="a model version directory (has manifest.json)")
    parser.add_argument(
        "--repository",
        type=Path,
        help="model repository (default: $VERDICT_REPOSITORY, else ./models, else the installed shipped model)",
    )
    parser.add_argument("--model", default="verdict", help="model name in the repository")
    parser.add_argument("--version", help="model version (default: the highest)")
    parser.add_argument(
        "--policy",
        type=Path,
        help="tenant policy file deciding the action (default: the shipped default policy)",
    )
    parser.add_argument(
        "--tenant", help="with --policy: the tenant to decide as (default: the file's tenant)"
    )
    parser.add_argument(
        "--route", default="", help="with --policy: the route whose settings apply (default: none)"
    )
    parser.add_argument("--batch-size", type=int, default=32, help="windows per inference batch")
    add_device_arguments(parser)
    parser.epilog = "exit status: 0 all lines scanned, 1 some lines skipped (see stderr), 2 nothing ran"


def run(args: argparse.Namespace) -> int:
    from verdict.governance.policy.deciding import decider

    try:
        pipeline = _open_pipeline(args)
        decide = decider(
            args.policy, pipeline.analyzer.manifest.model_version, tenant=args.tenant, route=args.route
        )
        # JSONL lines end at "\n" only: str.splitlines() would also cut at U+2028 inside a JSON string.
        lines = args.input.read_text(encoding="utf-8").removesuffix("\n").split("\n")
    except (VerdictError, OSError) as exc:
        print(f"verdict scan: {exc}", file=sys.stderr)
        return EXIT_FAILED
    skipped = scan_lines(lines, args.output, pipeline, decide=decide)
    return EXIT_SKIPPED if skipped else EXIT_OK


def scan_lines(
    lines: list[str], output: Path, pipeline: Pipeline, *, decide: Callable[[Analysis], Verdict]
) -> int:
    """Scan every line, write results in input order; returns the number of lines skipped."""
    from tqdm import tqdm

    records, skipped = _records(lines, pipeline.analyzer)
    texts, prompts = [r.text for r in records], [r.system_prompt for r in records]
    with (
        output.open("w", encoding="utf-8") as out,
        tqdm(total=len(records), unit="line", disable=None) as progress,
    ):
        for record, analysis in zip(
            records, pipeline.analyses(texts, prompts, progress=progress.update), strict=True
        ):
            out.write(json.dumps(result_line(record, analysis, decide(analysis)), ensure_ascii=False) + "\n")
    return skipped


def _records(lines: list[str], analyzer: Analyzer) -> tuple[list[Record], int]:
    """(the good lines' records, the number of bad lines); bad lines are reported on stderr."""
    records, bad = [], 0
    for number, line in enumerate(lines, start=1):
        try:
            record = parse_line(number, line)
            if record is not None:
                analyzer.validate(record.text)
                records.append(record)
        except InputError as exc:
            print(f"{number}: skipped: {exc}", file=sys.stderr)
            bad += 1
    return records, bad


def parse_line(number: int, line: str) -> Record | None:
    """A Record, None for a blank line, or InputError naming what is wrong with the line."""
    if not line.strip():
        return None
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError("line", f"invalid JSON: {exc.msg}") from exc
    if not isinstance(raw, dict):
        raise InputError("line", "must be a JSON object")
    if raw.get("id") is None:
        raise InputError("id", "is missing")
    if "text" not in raw:
        raise InputError("text", "is missing")
    if not isinstance(raw["text"], str):
        raise InputError("text", f"must be a string, got {type(raw['text']).__name__}")
    prompt = raw.get("system_prompt")
    if prompt is not None and not isinstance(prompt, str):
        raise InputError("system_prompt", "must be a string or null")
    return Record(number, raw["id"], raw["text"], prompt)


def result_line(record: Record, analysis: Analysis, verdict: Verdict) -> dict:
    findings = [
        {
            "category": f.category,
            "type": f.type,
            "score": round(float(f.score), 4),
            "start": f.start,
            "end": f.end,
            "detector": f.detector,
        }
        for f in verdict.findings
    ]
    return {
        "id": record.id,
        "action": verdict.action.value,
        "findings": findings,
        "redacted_text": verdict.redacted_text,
        "scores": {k: round(v, 4) for k, v in analysis.scores.items()},
        "model_version": verdict.model_version,
        "policy_version": verdict.policy_version,
    }


def _open_pipeline(args: argparse.Namespace) -> Pipeline:
    from verdict.runtime.analyzer import Analyzer
    from verdict.runtime.manifest import Manifest, default_repository, resolve_model_dir
    from verdict.runtime.pipeline import Pipeline

    repository = args.repository or default_repository(args.model)
    model_dir = args.model_dir or resolve_model_dir(repository, args.model, args.version)
    return Pipeline.open(
        Analyzer(Manifest.load(model_dir)),
        device=args.device,
        triton_url=args.triton_url,
        batch_size=args.batch_size,
    )
