"""The async pipeline behind every RPC: prepare (thread) → batcher → finish (thread) → policy → audit.

    Request ──prepare──> windows ──Batcher.submit──> WindowOutputs ──finish──> Analysis
            ──decide(analysis, tenant, route)──> Verdict ──on_verdict (audit, off the hot path)──> Outcome

The engine holds the model in service (`Model`: analyzer + backend + batcher) and swaps it atomically on
reload: requests that started on the old model finish on it, then its batcher drains.
Empty text is answered ALLOW without inference; input limits raise InputError naming the limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from classifier.errors import DeadlineError, InputError
from classifier.findings import Analysis
from classifier.policy.redaction import Span, redact
from classifier.policy.verdict import Action, Verdict
from serving.batcher import Batcher, Priority

ENTITY_CATEGORIES = ("pii", "secret")


class Decide(Protocol):
    def __call__(self, analysis: Analysis, *, tenant: str, route: str, model_version: str) -> Verdict: ...


@dataclass(frozen=True, slots=True)
class Request:
    text: str
    tenant: str = ""
    route: str = ""
    system_prompt: str | None = None
    protected_context_ids: tuple[str, ...] = ()
    request_id: str = ""
    metadata: Mapping[str, str] = field(default_factory=dict)
    priority: Priority = Priority.INLINE


@dataclass(frozen=True, slots=True)
class Timings:
    queue_ms: float = 0.0
    inference_ms: float = 0.0
    tokenize_ms: float = 0.0
    decode_ms: float = 0.0
    policy_ms: float = 0.0
    total_ms: float = 0.0


@dataclass(frozen=True, slots=True)
class Outcome:
    """One classified text: the verdict plus what the response reports about how it was reached."""

    request_id: str
    verdict: Verdict
    scores: Mapping[str, float]
    timings: Timings
    degraded: bool
    model_version: str


@dataclass(frozen=True, slots=True)
class Limits:
    max_text_chars: int = 200_000
    max_batch_items: int = 256
    max_system_prompt_chars: int = 50_000


class Model:
    """A model in service. `in_use()` counts requests so a swapped-out model drains only when idle."""

    def __init__(self, *, version: str, analyzer: Any, backend: Any, batcher: Batcher, manifest: Any = None) -> None:
        self.version, self.analyzer, self.backend, self.batcher, self.manifest = version, analyzer, backend, batcher, manifest
        self._users = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def backend_name(self) -> str:
        return getattr(self.backend, "name", type(self.backend).__name__)

    @property
    def degraded(self) -> bool:
        return bool(getattr(self.backend, "degraded", False))

    @contextlib.contextmanager
    def in_use(self):
        self._users += 1
        self._idle.clear()
        try:
            yield self
        finally:
            self._users -= 1
            if not self._users:
                self._idle.set()

    async def retire(self) -> None:
        await self._idle.wait()
        await self.batcher.drain()


def default_decide(analysis: Analysis, *, tenant: str, route: str, model_version: str) -> Verdict:
    """Stand-in for classifier.policy.PolicyEngine.decide until it lands: BLOCK on any topic finding,
    FLAG on leakage, REDACT entity spans as <TYPE>, else ALLOW."""
    findings = analysis.findings
    entities = [f for f in findings if f.category in ENTITY_CATEGORIES]
    if any(f.category == "topic" for f in findings):
        action = Action.BLOCK
    elif entities:
        action = Action.REDACT
    elif any(f.category == "leakage" for f in findings):
        action = Action.FLAG
    else:
        action = Action.ALLOW
    redacted = redact(analysis.text, [Span(f.start, f.end, f.type, f.score) for f in entities]) if action is Action.REDACT else None
    return Verdict(
        action=action, enforced_action=action, mode="enforce", findings=tuple(findings), redacted_text=redacted,
        reasons=tuple(), policy_version="builtin-default", model_version=model_version, tenant=tenant, route=route,
        original_text=analysis.text,
    )


class Engine:
    def __init__(
        self,
        model: Model,
        *,
        limits: Limits = Limits(),
        decide: Decide = default_decide,
        on_verdict: Callable[[Request, Outcome], None] | None = None,
        executor: Executor | None = None,
    ) -> None:
        self._model = model
        self.limits = limits
        self._decide = decide
        self._on_verdict = on_verdict
        self._executor = executor or ThreadPoolExecutor(max_workers=2, thread_name_prefix="verdict-prepare")

    @property
    def model(self) -> Model:
        return self._model

    async def swap(self, model: Model) -> Model:
        """Serve `model` from now on; the old one finishes its requests, drains, and is returned."""
        old, self._model = self._model, model
        await old.retire()
        return old

    async def close(self) -> None:
        await self._model.retire()
        self._executor.shutdown(wait=False)

    def check(self, request: Request) -> None:
        if len(request.text) > self.limits.max_text_chars:
            raise InputError("text", f"{len(request.text)} characters exceeds the limit of {self.limits.max_text_chars} (max_text_chars)")
        if request.system_prompt and len(request.system_prompt) > self.limits.max_system_prompt_chars:
            raise InputError(
                "system_prompt",
                f"{len(request.system_prompt)} characters exceeds the limit of {self.limits.max_system_prompt_chars} (max_system_prompt_chars)",
            )

    def check_batch(self, requests: Sequence[Request]) -> None:
        if len(requests) > self.limits.max_batch_items:
            raise InputError("items", f"{len(requests)} items exceeds the limit of {self.limits.max_batch_items} (max_batch_items)")
        for index, request in enumerate(requests):
            try:
                self.check(request)
            except InputError as exc:
                raise InputError(f"items[{index}].{exc.field}", str(exc).split(": ", 1)[1]) from exc

    async def classify(self, request: Request, *, deadline: float | None = None) -> Outcome:
        """`deadline` is time.monotonic() seconds."""
        self.check(request)
        return await self._classify(request, deadline)

    async def classify_many(self, requests: Sequence[Request], *, deadline: float | None = None) -> list[Outcome]:
        self.check_batch(requests)
        return list(await asyncio.gather(*(self._classify(r, deadline) for r in requests)))

    async def analyze(
        self, text: str, *, system_prompt: str | None = None, priority: Priority = Priority.INLINE,
        deadline: float | None = None,
    ) -> tuple[Analysis, Timings, Model]:
        """The analysis of one text (no policy), with its timings and the model that produced it."""
        started = time.perf_counter()
        with self._model.in_use() as model:
            if not text:
                return Analysis(text="", findings=(), scores={}), Timings(), model
            loop = asyncio.get_running_loop()
            prepared = await loop.run_in_executor(self._executor, _prepare, model.analyzer, text, system_prompt)
            tokenized = time.perf_counter()
            if deadline is not None and deadline <= time.monotonic():
                raise DeadlineError("deadline passed before inference")
            results = await model.batcher.submit([w.ids for w in prepared.windows], priority=priority, deadline=deadline)
            inferred = time.perf_counter()
            analysis = await loop.run_in_executor(self._executor, model.analyzer.finish, prepared, [r.output for r in results])
            decoded = time.perf_counter()
        queue_ms = max((r.queue_ms for r in results), default=0.0)
        inference_ms = max((r.inference_ms for r in results), default=0.0)
        timings = Timings(
            queue_ms=queue_ms,
            inference_ms=inference_ms,
            tokenize_ms=(tokenized - started) * 1000.0,
            decode_ms=(decoded - inferred) * 1000.0,
        )
        return analysis, timings, model

    def decide(self, analysis: Analysis, *, tenant: str, route: str, model_version: str) -> Verdict:
        return self._decide(analysis, tenant=tenant, route=route, model_version=model_version)

    async def _classify(self, request: Request, deadline: float | None) -> Outcome:
        started = time.perf_counter()
        analysis, timings, model = await self.analyze(
            request.text, system_prompt=request.system_prompt or None, priority=request.priority, deadline=deadline
        )
        decided = time.perf_counter()
        verdict = self._decide(analysis, tenant=request.tenant, route=request.route, model_version=model.version)
        finished = time.perf_counter()
        outcome = Outcome(
            request_id=request.request_id,
            verdict=verdict,
            scores=dict(analysis.scores),
            timings=Timings(
                queue_ms=timings.queue_ms, inference_ms=timings.inference_ms, tokenize_ms=timings.tokenize_ms,
                decode_ms=timings.decode_ms, policy_ms=(finished - decided) * 1000.0,
                total_ms=(finished - started) * 1000.0,
            ),
            degraded=model.degraded,
            model_version=verdict.model_version or model.version,
        )
        if self._on_verdict is not None:
            self._on_verdict(request, outcome)
        return outcome


def _prepare(analyzer: Any, text: str, system_prompt: str | None) -> Any:
    return analyzer.prepare(text, system_prompt=system_prompt)
