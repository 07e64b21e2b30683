"""A streamed chat completion (server-sent events) released only as verdict checks it, for Envoy ext_proc.

Envoy hands the processor a streamed response body in pieces (STREAMED body mode) and replaces each piece
with what the processor answers. `StreamedCompletion.feed` cuts the pieces into SSE events and sends the
text of each `chat.completion.chunk` (choice 0's `delta.content`, or `text` for completions) to a verdict
stream (ClassifyStream, with its holdback); what the piece is replaced with is:

    events without text before the first text (the role chunk)   released at once
    text verdict has released (already redacted)                  copies of the latest text event
    events without text after it (finish_reason, usage, [DONE])   released after the last text

Text never leaves before verdict released it: events with text are withheld, and released text rides on
the next piece Envoy sends (or on the end of the stream, which waits for verdict's final answer). A
BLOCK raises `StreamBlocked`; a failing verdict stream raises its error; the processor decides what the
client sees (an SSE error event, or with fail-open the rest unchecked: `unchecked()`). An event of a
shape this module cannot read (another API's stream) raises ValueError rather than pass unchecked.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

from verdict.governance.policy.actions import Action

CONTENT_TYPE = "text/event-stream"
DONE = "[DONE]"


@dataclass(frozen=True, slots=True)
class Release:
    """One answer of a verdict stream."""

    text: str  # newly released text, already redacted
    end: int  # offset on the stream's original text up to which text is released
    action: Action  # strongest enforced action so far
    categories: tuple[str, ...] = ()  # of the findings new in this answer
    types: tuple[str, ...] = ()


def release_of(result: Any) -> Release:
    """A Release from a client StreamResult or a server StreamUpdate (the same fields)."""
    return Release(
        text=result.released_text,
        end=result.released_end,
        action=result.action,
        categories=tuple(sorted({f.category for f in result.findings})),
        types=tuple(sorted({f.type for f in result.findings})),
    )


class StreamBlocked(Exception):
    def __init__(self, release: Release) -> None:
        super().__init__(release.action.value)
        self.release = release


def event(document: dict | str) -> bytes:
    return (
        b"data: "
        + (document if isinstance(document, str) else json.dumps(document)).encode("utf-8")
        + b"\n\n"
    )


class StreamedCompletion:
    """One streamed response: SSE pieces in, the bytes to release in their place out."""

    def __init__(
        self,
        check: Callable[[AsyncIterable[str]], AsyncIterator[Release]],
        *,
        timeout_s: float,
        max_pending: int = 256,
    ) -> None:
        self._check, self._timeout_s = check, timeout_s
        self._texts: asyncio.Queue[str | None] = asyncio.Queue(max_pending)  # Envoy waits while it is full
        self._releases: deque[Release] = deque()
        self._task: asyncio.Task | None = None
        self._buffer = b""  # an event not yet complete
        self._leading: list[bytes] = []
        self._trailing: list[bytes] = []
        self._template: dict | None = None  # the latest event with text, copied to carry released text
        self._text: list[str] = []  # the stream's original text
        self._released_end = 0

    async def feed(self, piece: bytes, end: bool) -> bytes:
        events = self._events(piece, end)
        for at, raw in enumerate(events):
            try:
                document, text = _read(raw)
            except ValueError:
                self._trailing.extend(events[at:])  # released as they are only if the processor fails open
                raise
            if text:
                self._template = document
                self._text.append(text)
                await self._started().put(text)
            elif self._template is None:
                self._leading.append(raw)
            else:
                self._trailing.append(raw)
        if end and self._task is not None and not self._task.done():
            await self._texts.put(None)
            await asyncio.wait_for(asyncio.shield(self._task), self._timeout_s)
        if self._task is not None and self._task.done() and self._task.exception() is not None:
            raise self._task.exception()
        out = [*self._leading]
        self._leading.clear()
        while self._releases:
            release = self._releases.popleft()
            if not release.action.spec.releases:
                raise StreamBlocked(release)
            if release.text:
                out.append(self._carrying(release.text))
            self._released_end = release.end
        if end:
            out.extend(self._trailing)
        return b"".join(out)

    def unchecked(self) -> bytes:
        """Everything withheld so far, unchecked (fail-open): the rest of the stream then passes as it is."""
        text = "".join(self._text)[self._released_end :]
        out = [*self._leading, *([self._carrying(text)] if text else []), *self._trailing, self._buffer]
        self._leading, self._trailing, self._buffer = [], [], b""
        return b"".join(out)

    async def aclose(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def _started(self) -> asyncio.Queue[str | None]:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._consume())
        return self._texts

    async def _consume(self) -> None:
        async with aclosing(self._check(self._queued())) as releases:
            async for release in releases:
                self._releases.append(release)
                if not release.action.spec.releases:
                    return

    async def _queued(self) -> AsyncIterator[str]:
        while (text := await self._texts.get()) is not None:
            yield text

    def _events(self, piece: bytes, end: bool) -> Sequence[bytes]:
        self._buffer = (self._buffer + piece).replace(b"\r\n", b"\n")
        *complete, self._buffer = self._buffer.split(b"\n\n")
        if end and self._buffer.strip():
            complete.append(self._buffer)
            self._buffer = b""
        return [raw + b"\n\n" for raw in complete if raw.strip()]

    def _carrying(self, text: str) -> bytes:
        document = copy.deepcopy(self._template)
        choice = document["choices"][0]
        if isinstance(choice.get("delta"), dict):
            choice["delta"]["content"] = text
        else:
            choice["text"] = text
        choice["finish_reason"] = None
        return event(document)


def _read(raw: bytes) -> tuple[Any, str]:
    """(the event's JSON, the text it adds); ValueError for a shape whose text cannot be found."""
    lines = raw.decode("utf-8", errors="replace").split("\n")
    data = "\n".join(line[5:].removeprefix(" ") for line in lines if line.startswith("data:"))
    if not any(line.startswith("data:") for line in lines) or data == DONE:
        return None, ""  # a comment, a keep-alive, or the end marker
    document = json.loads(data)
    if isinstance(document, dict) and "error" in document and "choices" not in document:
        return document, ""
    if not isinstance(document, dict) or not isinstance(document.get("choices"), list):
        raise ValueError("a server-sent event that is not a chat completion chunk cannot be checked")
    text = ""
    for choice in document["choices"]:
        delta = choice.get("delta") if isinstance(choice.get("delta"), dict) else {}
        piece = delta.get("content") or choice.get("text") or ""
        if piece and not isinstance(piece, str):
            raise ValueError("content that is not a string (parts, tool calls) cannot be checked")
        if piece and choice.get("index", 0) != 0:
            raise ValueError("streams with more than one choice (n > 1) cannot be checked")
        text += piece
    return document, text
