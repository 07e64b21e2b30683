"""A buffered response body: the texts to classify in it, and how to write redacted texts back."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Body:
    """The texts to classify in one response body, and how to write redacted texts back."""

    texts: list[str]
    rebuild: Callable[[list[str]], bytes]


def parse_body(raw: bytes, content_type: str) -> Body:
    """OpenAI-style chat/text completions: one text per choice; anything else: the whole body."""
    text = raw.decode("utf-8", errors="replace")
    if "json" in content_type.lower():
        try:
            document = json.loads(text)
        except ValueError:
            document = None
        slots = _choice_slots(document)
        if slots:

            def rebuild(texts: list[str]) -> bytes:
                for (holder, key), new in zip(slots, texts, strict=True):
                    holder[key] = new
                return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

            return Body([holder[key] for holder, key in slots], rebuild)
    return Body([text], lambda texts: texts[0].encode("utf-8"))


def _choice_slots(document: Any) -> list[tuple[dict, str]]:
    if not isinstance(document, dict) or not isinstance(document.get("choices"), list):
        return []
    slots = []
    for choice in document["choices"]:
        if not isinstance(choice, dict):
            continue
        message = choice.get("message")
        if isinstance(message, dict) and isinstance(message.get("content"), str):
            slots.append((message, "content"))
        elif isinstance(choice.get("text"), str):  # legacy /v1/completions
            slots.append((choice, "text"))
    return slots
