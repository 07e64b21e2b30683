"""Adapters for benign assistant outputs and everyday dialogue: topic and leakage negatives.

They are not entity negatives: a roleplay answer or a chat turn names people nobody marked.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from verdict.modeling.data.schema import Example
from verdict.modeling.data.sources.reader import collect, make, read_csv, read_json, read_jsonl

GPTEACHER_FILES: tuple[str, ...] = (
    "Codegen/codegen-instruct.json",
    "Roleplay/roleplay-simple-deduped-roleplay-instruct.json",
    "Toolformer/toolformer-dedupe-only-dataset.json",
)
PERSONA_CHAT_FILES: tuple[str, ...] = ("Synthetic-Persona-Chat_test.csv", "Synthetic-Persona-Chat_valid.csv")
# Turns per persona-chat example: one turn is often a few words, a whole conversation is long.
PERSONA_TURNS_PER_EXAMPLE = 4


def load_oasst_outputs(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    def convert(item: tuple[int, dict]) -> Example | None:
        n, r = item
        # Flagged prompts (weapons, drugs, sex...) may have drawn harmful answers: not safe as negatives.
        if r["prompt_flagged"] is True or r["prompt_flagged"] == "True":
            return None
        return make("oasst_outputs", n, r["output"], group=r["prompt"][:200])

    rows = enumerate(read_jsonl(root / "benign/oasst_outputs/outputs.jsonl.gz"))
    return collect("oasst_outputs", rows, convert, skipped)


def load_gpteacher(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    out: list[Example] = []
    for name in GPTEACHER_FILES:
        kind = name.split("/", 1)[0].lower()
        rows = enumerate(read_json(root / "benign/gpteacher" / name))
        out += collect("gpteacher", rows, lambda item, k=kind: make("gpteacher", f"{k}-{item[0]}", item[1]["response"]), skipped)
    return out


def load_medquad(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    # NIH reference answers: medical information, not individual advice. The hard negatives of
    # specialized_advice_medical.
    rows = enumerate(read_jsonl(root / "benign/medquad/medquad_qa.jsonl.gz"))
    return collect("medquad", rows, lambda item: make("medquad", item[0], item[1]["answer"], group=item[1]["question"]), skipped)


def _persona_chunks(n: int, conversation: str, stem: str) -> list[Example | None]:
    turns = [line.split(":", 1)[-1].strip() for line in conversation.splitlines() if line.strip()]
    step = PERSONA_TURNS_PER_EXAMPLE
    return [
        make("persona_chat", f"{stem}-{n}-{i // step}", "\n".join(turns[i : i + step]), group=f"{stem}-{n}")
        for i in range(0, len(turns), step)
    ]


def load_persona_chat(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    out: list[Example] = []
    for name in PERSONA_CHAT_FILES:
        stem = name.rsplit("_", 1)[-1].removesuffix(".csv")
        rows = enumerate(read_csv(root / "benign/persona_chat" / name))
        out += collect("persona_chat", rows, lambda item, s=stem: _persona_chunks(item[0], item[1]["Best Generated Conversation"], s), skipped)
    return out
