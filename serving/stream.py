"""Streaming verdicts with a holdback window: text is released only after it was checked.

The last `holdback` characters stay unreleased until more text arrives or the stream ends, so a value
split across chunks ("4111 1111" + " 1111 1111") is whole before any of it can be released. Each step
re-analyzes a sliding region, not the whole stream: up to `context` already-released characters (so a
value straddling the release point is still recognised) plus the pending text. Only the prefix that can
no longer change is released: the cut point never falls inside an entity finding. Released text is
redacted when the verdict's enforced action is REDACT; a BLOCK ends the stream and releases nothing more.
Offsets in findings and releases are on the whole stream's original text.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from classifier.errors import InputError
from classifier.findings import Finding
from classifier.policy.redaction import Span, redact
from classifier.policy.verdict import Action
from serving.engine import ENTITY_CATEGORIES, Engine, Timings


@dataclass(frozen=True, slots=True)
class StreamConfig:
    tenant: str = ""
    route: str = ""
    system_prompt: str | None = None
    request_id: str = ""
    holdback: int = 64
    context: int = 128


@dataclass(frozen=True, slots=True)
class StreamUpdate:
    request_id: str
    released_text: str  # newly released, redacted where the policy says so
    released_start: int
    released_end: int
    findings: tuple[Finding, ...]  # not reported before
    action: Action  # strongest enforced action so far
    final: bool
    model_version: str = ""
    policy_version: str = ""
    degraded: bool = False
    timings: Timings = Timings()


class StreamSession:
    def __init__(self, engine: Engine, config: StreamConfig, *, deadline: float | None = None) -> None:
        self._engine, self.config, self._deadline = engine, config, deadline
        self._text = ""  # the stream's text from `_base` on (older text is never re-read)
        self._base = 0
        self._released = 0  # stream offset up to which text was released
        self._reported: set[tuple[str, str, int, int]] = set()
        self._action = Action.ALLOW
        self.done = False

    @property
    def _total(self) -> int:
        return self._base + len(self._text)

    async def feed(self, chunk: str) -> StreamUpdate | None:
        """Add a chunk; an update when something was released or found (None: all still held back)."""
        if self.done:
            raise InputError("chunk", "the stream already ended (BLOCK)")
        if len(chunk) > self._engine.limits.max_text_chars:
            raise InputError("chunk", f"{len(chunk)} characters exceeds the limit of {self._engine.limits.max_text_chars} (max_text_chars)")
        self._text += chunk
        if self._total - self._released <= self.config.holdback:
            return None
        update = await self._step(final=False)
        return update if (update.final or update.released_text or update.findings) else None

    async def close(self) -> StreamUpdate:
        """End of input: check and release everything still held back."""
        if self.done:
            raise InputError("chunk", "the stream already ended")
        return await self._step(final=True)

    async def _step(self, *, final: bool) -> StreamUpdate:
        region_start = max(self._base, self._released - self.config.context)
        region = self._text[region_start - self._base:]
        analysis, timings, model = await self._engine.analyze(
            region, system_prompt=self.config.system_prompt, deadline=self._deadline
        )
        started = time.perf_counter()
        verdict = self._engine.decide(analysis, tenant=self.config.tenant, route=self.config.route, model_version=model.version)
        timings = replace(timings, policy_ms=(time.perf_counter() - started) * 1000.0)
        findings = tuple(replace(f, start=f.start + region_start, end=f.end + region_start) for f in verdict.findings)
        new = tuple(f for f in findings if (f.category, f.type, f.start, f.end) not in self._reported)
        self._reported.update((f.category, f.type, f.start, f.end) for f in new)
        if verdict.enforced_action.rank > self._action.rank:
            self._action = verdict.enforced_action
        common = dict(
            request_id=self.config.request_id, findings=new, action=self._action, model_version=verdict.model_version or model.version,
            policy_version=verdict.policy_version, degraded=model.degraded, timings=timings,
        )
        if verdict.enforced_action is Action.BLOCK:
            self.done = True
            return StreamUpdate(released_text="", released_start=self._released, released_end=self._released, final=True, **common)
        entities = [f for f in findings if f.category in ENTITY_CATEGORIES]
        cut = self._cut(self._total if final else self._total - self.config.holdback, entities)
        released = self._release(cut, entities if verdict.enforced_action is Action.REDACT else [])
        start, self._released = self._released, cut
        self._trim()
        self.done = final
        return StreamUpdate(released_text=released, released_start=start, released_end=cut, final=final, **common)

    def _cut(self, cut: int, entities: list[Finding]) -> int:
        """Move the release point back until no entity finding straddles it."""
        moved = True
        while moved:
            moved = False
            for f in entities:
                if f.start < cut < f.end:
                    cut, moved = f.start, True
        return max(cut, self._released)

    def _release(self, cut: int, redact_these: list[Finding]) -> str:
        lo = self._released
        piece = self._text[lo - self._base: cut - self._base]
        spans = [Span(max(f.start, lo) - lo, min(f.end, cut) - lo, f.type, f.score) for f in redact_these if f.start < cut and f.end > lo]
        return redact(piece, spans) if spans else piece

    def _trim(self) -> None:
        keep_from = max(self._base, self._released - self.config.context)
        self._text = self._text[keep_from - self._base:]
        self._base = keep_from
