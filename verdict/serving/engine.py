"""The async pipeline behind every RPC: scope → prepare (thread) → batcher → finish (thread) → policy → audit.

    Request ──scope(tenant, route)──> the tenant's PolicyEngine + route settings (PERMISSION_DENIED here,
            before any inference, for a tenant with no policy)
            ──prepare──> windows ──Batcher.submit──> WindowOutputs ──finish──> Analysis
            ──policy.decide──> Verdict ──on_verdict (metrics; audit, awaited: durable before released)──> Outcome

The engine holds the model in service (`Model`: analyzer + backend + batcher) and swaps it atomically on
reload: requests that started on the old model finish on it, then its batcher drains.
A route's protected system prompts are embedded once per (tenant, route, policy version) on each model,
through the batcher at BULK priority, and cached on the model (a new model means new embeddings).
Detectors switched off on a route are honoured by the policy engine, which counts only findings whose
detector family the route enables; the engine additionally skips the prompt embedding when
`prompt_similarity` is off, since that is the one detector that costs inference. A request's own
system_prompt feeds the overlap detector only: embedding it would cost an inference per request.
Empty text is answered ALLOW without inference; input limits raise InputError naming the limit.
Before a text is prepared, the batcher is asked whether even its least cost (a bound from its length,
`Analyzer.least_cost`) fits the queue and its deadline: under overload a refusal costs no tokenizing.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from verdict.governance.policy.compiled import RoutePolicy
from verdict.governance.policy.engine import PolicyEngine
from verdict.governance.policy.verdict import Verdict
from verdict.runtime.errors import InputError
from verdict.runtime.findings import Analysis
from verdict.serving.admission import Backlog
from verdict.serving.batcher import Batcher, Priority
from verdict.serving.policies import Policies
from verdict.serving.timings import Timings

PROMPT_SIMILARITY = "prompt_similarity"
# Texts up to this many characters (~1-2 windows) are prepared and finished on the event loop (~0.1-0.5 ms
# each); longer ones go to the prepare threads so one long text cannot stall every other request.
INLINE_CHARS = 2048
# Tenant and route names travel into metrics labels, log lines, file names (<tenant>.yaml) and the
# evidence report: a short safe charset, no path separators, no "..". Empty means the default.
NAME_PATTERN = re.compile(r"(?!.*\.\.)[A-Za-z0-9_.-]{1,64}")
NAME_RULE = "1-64 characters of A-Z a-z 0-9 _ . - (no '/', no '..'), or empty for the default"


def check_names(tenant: str, route: str, prefix: str = "") -> None:
    """InputError naming the field when a tenant or route name is not a safe one."""
    for field_name, value in (("tenant", tenant), ("route", route)):
        if value and not NAME_PATTERN.fullmatch(value):
            raise InputError(f"{prefix}{field_name}", f"{value[:80]!r} is not a valid name: use {NAME_RULE}")


@dataclass(frozen=True, slots=True)
class Request:
    text: str
    tenant: str = ""
    route: str = ""
    system_prompt: str | None = None
    protected_context_ids: tuple[str, ...] = ()
    request_id: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    priority: Priority = Priority.INLINE


@dataclass(frozen=True, slots=True)
class _Job:
    """One text prepared for inference: its windows, and when preparing started and ended."""

    prepared: Any
    inline: bool  # short enough to finish on the event loop
    started: float
    tokenized: float


@dataclass(frozen=True, slots=True)
class Scope:
    """What a request runs under: its tenant's policy engine and its route's resolved settings."""

    tenant: str
    route: str
    policy: PolicyEngine
    settings: RoutePolicy

    def decide(self, analysis: Analysis, model_version: str) -> Verdict:
        return self.policy.decide(analysis, tenant=self.tenant, route=self.route, model_version=model_version)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One classified text: the verdict plus what the response reports about how it was reached."""

    request_id: str
    verdict: Verdict
    scores: dict[str, float]
    timings: Timings
    degraded: bool
    model_version: str
    scope: Scope


# Called with every final verdict; what it returns (the audit record becoming durable) is awaited before
# the verdict is answered, and what it raises is the call's error.
Observer = Callable[[Outcome], Awaitable[None] | None]


@dataclass(frozen=True, slots=True)
class Limits:
    max_text_chars: int = 200_000
    max_batch_items: int = 256
    max_system_prompt_chars: int = 50_000


class Model:
    """A model in service. `in_use()` counts requests so a swapped-out model drains only when idle."""

    def __init__(
        self, *, version: str, analyzer: Any, backend: Any, batcher: Batcher, manifest: Any = None
    ) -> None:
        self.version, self.analyzer, self.backend, self.batcher, self.manifest = (
            version,
            analyzer,
            backend,
            batcher,
            manifest,
        )
        self.prompt_embeddings: dict[tuple[str, str, str], asyncio.Future[np.ndarray]] = {}
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


class WindowCache:
    """One stream's window outputs by token ids, for the model that computed them: a window the stream
    already ran (a complete one, ahead of the tail) is not run again when the stream's text grows."""

    def __init__(self) -> None:
        self.model_version = ""
        self.outputs: dict[tuple[int, ...], Any] = {}
        self.computed = 0  # windows sent to the backend, over the stream's life
        self.prepared: Any = None  # the last text's prepared windows


class _BulkBackend:
    """The model's backend as `Analyzer.embed_prompts` sees it, from a worker thread: every batch goes
    through the batcher at BULK priority, so prompt embeddings never jump ahead of inline requests."""

    def __init__(self, batcher: Batcher, loop: asyncio.AbstractEventLoop) -> None:
        self._batcher, self._loop = batcher, loop

    def predict(self, batch: Sequence[Sequence[int]]) -> list[Any]:
        submitted = asyncio.run_coroutine_threadsafe(
            self._batcher.submit(batch, priority=Priority.BULK), self._loop
        )
        return [result.output for result in submitted.result()]


class Engine:
    def __init__(
        self,
        model: Model,
        *,
        policies: Policies,
        limits: Limits = Limits(),
        on_verdict: Observer | None = None,
        executor: Executor | None = None,
    ) -> None:
        self._model = model
        self.policies = policies
        self.limits = limits
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

    def scope(self, tenant: str, route: str) -> Scope:
        """The policy a request runs under; PermissionDeniedError when its tenant has none."""
        tenant = self.policies.tenant_of(tenant)
        policy = self.policies.engine_for(tenant)
        return Scope(tenant=tenant, route=route, policy=policy, settings=policy.route(route))

    def check(self, request: Request) -> None:
        check_names(request.tenant, request.route)
        if len(request.text) > self.limits.max_text_chars:
            raise InputError(
                "text",
                f"{len(request.text)} characters exceeds the limit of {self.limits.max_text_chars} (max_text_chars)",
            )
        if request.system_prompt and len(request.system_prompt) > self.limits.max_system_prompt_chars:
            raise InputError(
                "system_prompt",
                f"{len(request.system_prompt)} characters exceeds the limit of {self.limits.max_system_prompt_chars} (max_system_prompt_chars)",
            )

    def check_batch(self, requests: Sequence[Request]) -> None:
        if len(requests) > self.limits.max_batch_items:
            raise InputError(
                "items",
                f"{len(requests)} items exceeds the limit of {self.limits.max_batch_items} (max_batch_items)",
            )
        for index, request in enumerate(requests):
            try:
                self.check(request)
            except InputError as exc:
                raise InputError(f"items[{index}].{exc.field}", str(exc).split(": ", 1)[1]) from exc

    async def classify(self, request: Request, *, deadline: float | None = None) -> Outcome:
        """`deadline` is time.monotonic() seconds."""
        self.check(request)
        return await self._classify(request, self.scope(request.tenant, request.route), deadline)

    async def classify_many(
        self, requests: Sequence[Request], *, deadline: float | None = None
    ) -> list[Outcome]:
        """All or nothing: every text is prepared first, and a batch whose windows together exceed the
        inference queue is refused with InputError before anything is computed (a retry could never
        succeed). If any item fails, the others are cancelled and no item is reported (metrics, audit):
        the caller saw the call fail, so no verdict of it is recorded as given."""
        self.check_batch(requests)
        scopes = [self.scope(r.tenant, r.route) for r in requests]
        with self._model.in_use() as model:
            for priority in sorted({r.priority for r in requests}):
                _precheck(model, [r.text for r in requests if r.priority == priority], priority, deadline)
            jobs = await _all(
                self._prepare(model, r.text, s, r.system_prompt or None) for r, s in zip(requests, scopes)
            )
            needed = sum(len(job.prepared.windows) for job in jobs if job is not None)
            limit = model.batcher.max_queue
            if needed > limit:
                raise InputError(
                    "items",
                    f"the batch needs {needed} inference windows; at most {limit} fit the inference queue "
                    "(max_queue): send fewer or shorter items per call",
                )
            outcomes = await _all(
                self._decided(model, r, s, job, deadline) for r, s, job in zip(requests, scopes, jobs)
            )
        await asyncio.gather(*(self.report(outcome) for outcome in outcomes))
        return outcomes

    async def analyze(
        self,
        text: str,
        scope: Scope,
        *,
        system_prompt: str | None = None,
        priority: Priority = Priority.INLINE,
        deadline: float | None = None,
        cache: WindowCache | None = None,
    ) -> tuple[Analysis, Timings, Model]:
        """The analysis of one text (no policy), with its timings and the model that produced it.
        With `cache`, only windows not already in it are run, and it then holds this text's windows."""
        with self._model.in_use() as model:
            if cache is None:  # a stream's step runs only the windows its cache lacks: no bound from length
                _precheck(model, [text], priority, deadline)
            job = await self._prepare(model, text, scope, system_prompt)
            analysis, timings = await self._infer(model, job, priority, deadline, cache)
        return analysis, timings, model

    async def _prepare(self, model: Model, text: str, scope: Scope, system_prompt: str | None) -> _Job | None:
        """Normalize and window one text (None for an empty one, which needs no inference)."""
        if not text:
            return None
        started = time.perf_counter()
        embeddings = await self._prompt_embeddings(model, scope)
        # A short text is prepared and finished on the loop: its tokenize or decode costs less CPU than
        # the hop to a worker thread and back, and under the GIL the thread would not run in parallel.
        inline = len(text) <= INLINE_CHARS
        args = (model.analyzer, text, system_prompt, scope.settings.system_prompts, embeddings)
        if inline:
            prepared = _prepare(*args)
        else:
            prepared = await asyncio.get_running_loop().run_in_executor(self._executor, _prepare, *args)
        return _Job(prepared, inline, started, time.perf_counter())

    async def _infer(
        self,
        model: Model,
        job: _Job | None,
        priority: Priority,
        deadline: float | None,
        cache: WindowCache | None = None,
    ) -> tuple[Analysis, Timings]:
        if job is None:
            return Analysis(text="", findings=(), scores={}), Timings()
        # The batcher refuses (and counts) a request whose deadline has passed or cannot be met.
        if cache is None:
            results = await model.batcher.submit(
                [w.ids for w in job.prepared.windows], priority=priority, deadline=deadline
            )
            outputs = [r.output for r in results]
        else:
            results, outputs = await _cached_outputs(model, job, priority, deadline, cache)
        inferred = time.perf_counter()
        if job.inline:
            analysis = model.analyzer.finish(job.prepared, outputs)
        else:
            analysis = await asyncio.get_running_loop().run_in_executor(
                self._executor, model.analyzer.finish, job.prepared, outputs
            )
        decoded = time.perf_counter()
        timings = Timings(
            queue_ms=max((r.queue_ms for r in results), default=0.0),
            inference_ms=max((r.inference_ms for r in results), default=0.0),
            tokenize_ms=(job.tokenized - job.started) * 1000.0,
            decode_ms=(decoded - inferred) * 1000.0,
        )
        return analysis, timings

    async def report(self, outcome: Outcome) -> None:
        """Hand a final verdict to the observers (metrics, audit) and wait until it may be released:
        with the server's audit trail, until its record is durable."""
        if self._on_verdict is not None:
            pending = self._on_verdict(outcome)
            if pending is not None:
                await pending

    async def _classify(self, request: Request, scope: Scope, deadline: float | None) -> Outcome:
        started = time.perf_counter()
        analysis, timings, model = await self.analyze(
            request.text,
            scope,
            system_prompt=request.system_prompt or None,
            priority=request.priority,
            deadline=deadline,
        )
        outcome = self._outcome(request, scope, model, analysis, timings, started)
        await self.report(outcome)
        return outcome

    async def _decided(
        self, model: Model, request: Request, scope: Scope, job: _Job | None, deadline: float | None
    ) -> Outcome:
        started = job.started if job is not None else time.perf_counter()
        analysis, timings = await self._infer(model, job, request.priority, deadline)
        return self._outcome(request, scope, model, analysis, timings, started)

    def _outcome(
        self,
        request: Request,
        scope: Scope,
        model: Model,
        analysis: Analysis,
        timings: Timings,
        started: float,
    ) -> Outcome:
        decided = time.perf_counter()
        verdict = scope.decide(analysis, model.version)
        finished = time.perf_counter()
        return Outcome(
            request_id=request.request_id,
            verdict=verdict,
            scores=dict(analysis.scores),
            timings=Timings(
                queue_ms=timings.queue_ms,
                inference_ms=timings.inference_ms,
                tokenize_ms=timings.tokenize_ms,
                decode_ms=timings.decode_ms,
                policy_ms=(finished - decided) * 1000.0,
                total_ms=(finished - started) * 1000.0,
            ),
            degraded=model.degraded,
            model_version=verdict.model_version or model.version,
            scope=scope,
        )

    async def _prompt_embeddings(self, model: Model, scope: Scope) -> np.ndarray | None:
        """The route's protected prompts embedded by `model`: computed by the first request that needs
        them, awaited by concurrent ones, dropped from the cache on failure so a later request retries."""
        prompts = scope.settings.system_prompts
        if not prompts or PROMPT_SIMILARITY not in scope.settings.detectors:
            return None
        key = (scope.policy.tenant, scope.settings.route, scope.policy.version)
        cached = model.prompt_embeddings.get(key)
        if cached is None:
            loop = asyncio.get_running_loop()
            cached = model.prompt_embeddings[key] = loop.create_future()
            try:
                embedded = await loop.run_in_executor(
                    self._executor,
                    model.analyzer.embed_prompts,
                    list(prompts),
                    _BulkBackend(model.batcher, loop),
                )
            except BaseException as exc:
                del model.prompt_embeddings[key]
                if isinstance(exc, Exception):
                    cached.set_exception(exc)
                    cached.exception()  # marked retrieved: concurrent waiters re-raise it themselves
                else:
                    cached.cancel()
                raise
            cached.set_result(embedded)
        return await asyncio.shield(cached)


async def _cached_outputs(
    model: Model, job: _Job, priority: Priority, deadline: float | None, cache: WindowCache
) -> tuple[list, list]:
    """(batcher results of the windows run now, outputs of every window): only windows missing from
    `cache` are run; the cache then keeps this text's windows only, so it never outgrows one text."""
    if cache.model_version != model.version:  # a reload mid-stream: the old model's outputs are stale
        cache.model_version, cache.outputs = model.version, {}
    keys = [tuple(w.ids) for w in job.prepared.windows]
    missing = list(dict.fromkeys(k for k in keys if k not in cache.outputs))
    results = await model.batcher.submit(missing, priority=priority, deadline=deadline) if missing else []
    known = {**cache.outputs, **{k: r.output for k, r in zip(missing, results, strict=True)}}
    cache.outputs = {k: known[k] for k in keys}
    cache.computed += len(missing)
    cache.prepared = job.prepared
    return results, [known[k] for k in keys]


def _precheck(model: Model, texts: Sequence[str], priority: Priority, deadline: float | None) -> None:
    """The batcher's refusal (overload, deadline) of texts that even their least cost does not let in,
    before any thread tokenizes them; the exact check follows at submit() for the ones let through."""
    least = [Backlog(*model.analyzer.least_cost(text), deadline) for text in texts if text]
    model.batcher.precheck(least, priority=priority)


def _prepare(
    analyzer: Any,
    text: str,
    system_prompt: str | None,
    protected: Sequence[str],
    embeddings: np.ndarray | None,
) -> Any:
    return analyzer.prepare(
        text, system_prompt=system_prompt, protected_prompts=protected, prompt_embeddings=embeddings
    )


async def _all(coros) -> list:
    """Like asyncio.gather, but the first failure cancels the others (nothing left computing for a
    call that has already failed) before it is raised."""
    tasks = [asyncio.ensure_future(c) for c in coros]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
