"""Streaming verdicts with a holdback window: text is released only after it was checked.

The last `holdback` characters stay unreleased until more text arrives or the stream ends, so a value
split across chunks ("4111 1111" + " 1111 1111") is whole before any of it can be released. Each step
re-analyzes a sliding region, not the whole stream: up to `context` already-released characters (so a
value straddling the release point is still recognised) plus the pending text. Only the prefix that can
no longer change is released: the cut point never falls inside an entity finding.

The tenant's policy decides twice per step: on the region (its enforced action; BLOCK ends the stream
and releases nothing more), then on the piece being released with the entity findings inside it, so
the release is redacted with the policy's own operators (keep_last, mask, hash...) and allow-lists,
exactly as a unary Classify of that text would be. Offsets in findings and releases are on the whole
stream's original text. At the end (or on BLOCK) one stream-wide verdict goes to the engine's observers
(metrics, audit).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from verdict.governance.policy.actions import Action, strongest
from verdict.governance.policy.verdict import Verdict
from verdict.runtime.errors import InputError
from verdict.runtime.findings import Analysis, Finding
from verdict.runtime.taxonomy import ENTITY_BY_NAME
from verdict.serving.engine import Engine, Outcome, Scope
from verdict.serving.timings import Timings


@dataclass(frozen=True, slots=True)
class StreamConfig:
    scope: Scope
    system_prompt: str | None = None
    request_id: str = ""
    holdback: int = 96
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
        self._text = ""  # the stream's text from `_base` on (older text is never re-analyzed)
        self._base = 0
        self._released = 0  # stream offset up to which text was released
        self._chunks: list[str] = []  # the whole stream, for the audit record's digest of what was judged
        self._reported: dict[tuple[str, str, int, int], Finding] = {}
        self._action = Action.ALLOW  # strongest enforced action so far
        self._computed = Action.ALLOW  # strongest action the policy computed (differs in shadow mode)
        self._mode = config.scope.settings.mode
        self.done = False

    @property
    def _total(self) -> int:
        return self._base + len(self._text)

    async def feed(self, chunk: str) -> StreamUpdate | None:
        """Add a chunk; an update when something was released or found (None: all still held back)."""
        if self.done:
            raise InputError("chunk", "the stream already ended (BLOCK)")
        if len(chunk) > self._engine.limits.max_text_chars:
            raise InputError(
                "chunk",
                f"{len(chunk)} characters exceeds the limit of {self._engine.limits.max_text_chars} (max_text_chars)",
            )
        self._text += chunk
        self._chunks.append(chunk)
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
        started = time.perf_counter()
        scope = self.config.scope
        region_start = max(self._base, self._released - self.config.context)
        region = self._text[region_start - self._base :]
        analysis, timings, model = await self._engine.analyze(
            region, scope, system_prompt=self.config.system_prompt, deadline=self._deadline
        )
        decided = time.perf_counter()
        verdict = scope.decide(analysis, model.version)
        findings = tuple(
            replace(f, start=f.start + region_start, end=f.end + region_start) for f in verdict.findings
        )
        new = tuple(f for f in findings if (f.category, f.type, f.start, f.end) not in self._reported)
        self._reported.update(((f.category, f.type, f.start, f.end), f) for f in new)
        self._escalate(verdict)
        released, cut = "", self._released
        if self._action.spec.releases:
            entities = [f for f in findings if f.type in ENTITY_BY_NAME]  # values: a cut never splits one
            cut = self._cut(self._total if final else self._total - self.config.holdback, entities)
            released = self._release(cut, entities, scope, model.version)
            if not self._action.spec.releases:
                released, cut = "", self._released
        timings = replace(
            timings,
            policy_ms=(time.perf_counter() - decided) * 1000.0,
            total_ms=(time.perf_counter() - started) * 1000.0,
        )
        start, self._released = self._released, cut
        self._trim()
        self.done = final or not self._action.spec.releases
        update = StreamUpdate(
            request_id=self.config.request_id,
            released_text=released,
            released_start=start,
            released_end=cut,
            findings=new,
            action=self._action,
            final=self.done,
            model_version=verdict.model_version or model.version,
            policy_version=verdict.policy_version,
            degraded=model.degraded,
            timings=timings,
        )
        if self.done:
            await self._report(update, analysis.scores)
        return update

    def _escalate(self, verdict: Verdict) -> None:
        self._action = strongest((self._action, verdict.enforced_action))
        self._computed = strongest((self._computed, verdict.action))

    def _cut(self, cut: int, entities: list[Finding]) -> int:
        """Move the release point back until no entity finding straddles it."""
        moved = True
        while moved:
            moved = False
            for f in entities:
                if f.start < cut < f.end:
                    cut, moved = f.start, True
        return max(cut, self._released)

    def _release(self, cut: int, entities: list[Finding], scope: Scope, model_version: str) -> str:
        """The text between the last release point and `cut`, as the policy lets it out."""
        lo = self._released
        piece = self._text[lo - self._base : cut - self._base]
        inside = tuple(
            replace(f, start=max(f.start, lo) - lo, end=min(f.end, cut) - lo)
            for f in entities
            if f.start < cut and f.end > lo
        )
        if not inside:
            return piece
        verdict = scope.decide(Analysis(text=piece, findings=inside, scores={}), model_version)
        self._escalate(verdict)
        # BLOCK here (a clipped value no longer matching an allow-list) withholds the piece and ends the stream.
        return verdict.output_text or ""

    def _trim(self) -> None:
        keep_from = max(self._base, self._released - self.config.context)
        self._text = self._text[keep_from - self._base :]
        self._base = keep_from

    async def _report(self, last: StreamUpdate, scores: dict[str, float]) -> None:
        """The stream-wide verdict: every finding reported, the strongest actions, the whole text judged."""
        scope = self.config.scope
        verdict = Verdict(
            action=self._computed,
            enforced_action=self._action,
            mode=self._mode,
            findings=tuple(self._reported.values()),
            redacted_text=None,
            reasons=(),
            policy_version=last.policy_version,
            model_version=last.model_version,
            tenant=scope.tenant,
            route=scope.route,
            original_text="".join(self._chunks),
        )
        await self._engine.report(
            Outcome(
                request_id=self.config.request_id,
                verdict=verdict,
                scores=dict(scores),
                timings=last.timings,
                degraded=last.degraded,
                model_version=last.model_version,
                scope=scope,
            )
        )
