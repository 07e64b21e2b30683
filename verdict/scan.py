"""`verdict scan IN.jsonl -o OUT.jsonl`: classify a JSONL file with the engine the server uses.

Input lines: `{"id": ..., "text": "...", "system_prompt": "..." (optional)}`.
Output lines, in input order: `{"id", "action", "findings": [{"category", "type", "score", "start",
"end", "detector"}], "redacted_text", "scores": {label: probability for every topic and leakage label},
"model_version", "policy_version"}`, as the API answers: `findings` are the ones that caused the action
(none for ALLOW), and `redacted_text` is what a proxy would release on REDACT (null otherwise).

A bad line (invalid JSON, missing id or text, text not a string, text over the limit) is reported on
stderr with its line number and skipped. Exit status: 0 when every line was scanned, 1 when some were
skipped (the good ones are still written), 2 when nothing could run (missing file, bad model or policy).
Needs no torch: onnxruntime + tokenizers only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from verdict.runtime.errors import InputError, VerdictError
from verdict.runtime.findings import Analysis

if TYPE_CHECKING:
    from verdict.governance.policy.verdict import Verdict
    from verdict.runtime.analyzer import Analyzer
    from verdict.runtime.backends.base import Backend

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED = 0, 1, 2
CHUNK_LINES = 1024  # texts analyzed per analyzer call: bounds memory, keeps the progress bar moving


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
    parser.epilog = "exit status: 0 all lines scanned, 1 some lines skipped (see stderr), 2 nothing ran"


def run(args: argparse.Namespace) -> int:
    from verdict.governance.policy.deciding import decider

    try:
        analyzer, backend = _load_engine(args)
        decide = decider(args.policy, analyzer.manifest.model_version, tenant=args.tenant, route=args.route)
        # JSONL lines end at "\n" only: str.splitlines() would also cut at U+2028 inside a JSON string.
        lines = args.input.read_text(encoding="utf-8").removesuffix("\n").split("\n")
    except (VerdictError, OSError) as exc:
        print(f"verdict scan: {exc}", file=sys.stderr)
        return EXIT_FAILED
    skipped = scan_lines(lines, args.output, analyzer, backend, decide=decide, batch_size=args.batch_size)
    return EXIT_SKIPPED if skipped else EXIT_OK


def scan_lines(
    lines: list[str],
    output: Path,
    analyzer: Analyzer,
    backend: Backend,
    *,
    decide: Callable[[Analysis], Verdict],
    batch_size: int = 32,
) -> int:
    """Scan every line, write results in input order; returns the number of lines skipped."""
    from tqdm import tqdm

    skipped = 0
    prompt_embeddings: dict[str, np.ndarray] = {}  # each distinct system prompt is embedded once per run
    with (
        output.open("w", encoding="utf-8") as out,
        tqdm(total=len(lines), unit="line", disable=None) as progress,
    ):
        for chunk in _chunks(lines):
            records, prepared, bad = _prepare_chunk(chunk, analyzer, backend, prompt_embeddings, batch_size)
            skipped += bad
            for record, analysis in zip(
                records, analyzer.analyze_prepared(prepared, backend, batch_size=batch_size)
            ):
                out.write(
                    json.dumps(result_line(record, analysis, decide(analysis)), ensure_ascii=False) + "\n"
                )
            progress.update(len(chunk))
    return skipped


def _prepare_chunk(chunk, analyzer: Analyzer, backend: Backend, prompt_embeddings: dict, batch_size: int):
    """(records, their Prepared, number of bad lines); bad lines are reported on stderr."""
    records, bad = [], 0
    for number, line in chunk:
        try:
            record = parse_line(number, line)
            if record is not None:
                analyzer.validate(record.text)
                records.append(record)
        except InputError as exc:
            print(f"{number}: skipped: {exc}", file=sys.stderr)
            bad += 1
    new_prompts = sorted({r.system_prompt for r in records if r.system_prompt} - prompt_embeddings.keys())
    if new_prompts:
        prompt_embeddings.update(
            zip(new_prompts, analyzer.embed_prompts(new_prompts, backend, batch_size=batch_size))
        )
    prepared = [
        analyzer.prepare(
            r.text,
            system_prompt=r.system_prompt,
            prompt_embeddings=prompt_embeddings[r.system_prompt][None, :] if r.system_prompt else None,
        )
        for r in records
    ]
    return records, prepared, bad


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


def _load_engine(args: argparse.Namespace):
    from verdict.runtime.analyzer import Analyzer
    from verdict.runtime.backends.onnx import OnnxBackend
    from verdict.runtime.manifest import Manifest, default_repository, resolve_model_dir

    repository = args.repository or default_repository(args.model)
    model_dir = args.model_dir or resolve_model_dir(repository, args.model, args.version)
    manifest = Manifest.load(model_dir)
    backend = OnnxBackend(manifest)
    backend.load()
    return Analyzer(manifest), backend


def _chunks(lines: list[str]) -> Iterator[list[tuple[int, str]]]:
    numbered = list(enumerate(lines, start=1))
    for begin in range(0, len(numbered), CHUNK_LINES):
        yield numbered[begin : begin + CHUNK_LINES]
