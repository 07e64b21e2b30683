"""The verdict.v1.Verdict servicer: proto → dataclass → engine → proto, nothing else.

Request ids, API keys, logging and error mapping live in verdict.serving.interceptors; the pipeline in
verdict.serving.engine; streaming in verdict.serving.stream.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace

import grpc

from verdict.runtime.errors import InputError
from verdict.runtime.findings import Finding
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc as pb_grpc
from verdict.serving.batcher import Priority
from verdict.serving.engine import Engine, Outcome, Request, check_names
from verdict.serving.interceptors import current_call
from verdict.serving.security import require_admin, resolve_tenant
from verdict.serving.settings import MIN_HOLDBACK_CHARS
from verdict.serving.stream import StreamConfig, StreamSession, StreamUpdate
from verdict.serving.timings import Timings

_PRIORITIES = {pb.PRIORITY_INLINE: Priority.INLINE, pb.PRIORITY_BULK: Priority.BULK}


@dataclass(frozen=True, slots=True)
class StreamDefaults:
    holdback: int = 96
    context: int = 128
    max_holdback: int = 4096


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    previous_model_version: str
    model_version: str
    backend: str


Reloader = Callable[[str | None, bool], Awaitable[ReloadOutcome]]


class VerdictServicer(pb_grpc.VerdictServicer):
    def __init__(
        self, engine: Engine, *, reload: Reloader, stream: StreamDefaults = StreamDefaults()
    ) -> None:
        self._engine, self._reload, self._stream = engine, reload, stream

    async def Classify(
        self, request: pb.ClassifyRequest, context: grpc.aio.ServicerContext
    ) -> pb.ClassifyResponse:
        call = current_call()
        item = _request(request, request.tenant, call.request_id, Priority.INLINE)
        outcome = await self._engine.classify(_with_tenant(item, call), deadline=_deadline(context))
        return _response(outcome)

    async def ClassifyBatch(
        self, request: pb.ClassifyBatchRequest, context: grpc.aio.ServicerContext
    ) -> pb.ClassifyBatchResponse:
        call = current_call()
        default_priority = _PRIORITIES.get(request.priority, Priority.BULK)
        items = [
            _with_tenant(
                _request(
                    r,
                    r.tenant or request.tenant,
                    f"{call.request_id}-{i}",
                    default_priority,
                    route=r.route or request.route,
                ),
                call,
            )
            for i, r in enumerate(request.items)
        ]
        outcomes = await self._engine.classify_many(items, deadline=_deadline(context))
        return pb.ClassifyBatchResponse(request_id=call.request_id, results=[_response(o) for o in outcomes])

    async def ClassifyStream(
        self, request_iterator: AsyncIterator[pb.StreamRequest], context
    ) -> AsyncIterator[pb.StreamResponse]:
        call = current_call()
        session: StreamSession | None = None
        async for message in request_iterator:
            if session is None:
                session = StreamSession(
                    self._engine, self._config(message, call), deadline=_deadline(context)
                )
                continue
            if message.WhichOneof("kind") != "chunk":
                raise InputError("config", "only the first message may carry config; send chunks after it")
            update = await session.feed(message.chunk)
            if update is not None:
                yield _stream_response(update)
            if session.done:
                return
        if session is None:
            raise InputError("config", "the stream ended before its first message (config)")
        yield _stream_response(await session.close())

    async def GetModelInfo(self, request: pb.GetModelInfoRequest, context) -> pb.ModelInfo:
        model = self._engine.model
        manifest = model.manifest
        labels = getattr(manifest, "labels", None)
        return pb.ModelInfo(
            model_version=model.version,
            backend=model.backend_name,
            degraded=model.degraded,
            entity_types=list(getattr(labels, "entity_types", ())),
            topics=list(getattr(labels, "topics", ())),
            leakage=list(getattr(labels, "leakage", ())),
            max_length=getattr(manifest, "max_length", 0),
            policy_version=self._engine.policies.version,
        )

    async def Reload(self, request: pb.ReloadRequest, context) -> pb.ReloadResponse:
        require_admin(current_call().caller)
        done = await self._reload(request.version or None, request.retry_gpu)
        return pb.ReloadResponse(
            previous_model_version=done.previous_model_version,
            model_version=done.model_version,
            backend=done.backend,
        )

    def _config(self, message: pb.StreamRequest, call) -> StreamConfig:
        if message.WhichOneof("kind") != "config":
            raise InputError("config", "the first message of a stream must carry config")
        cfg = message.config
        holdback = cfg.holdback_chars or self._stream.holdback
        if not MIN_HOLDBACK_CHARS <= holdback <= self._stream.max_holdback:
            raise InputError(
                "config.holdback_chars",
                f"{holdback} is outside {MIN_HOLDBACK_CHARS}..{self._stream.max_holdback} (min_holdback_chars: shorter "
                "could release part of a value split across chunks; max_holdback_chars)",
            )
        if cfg.context_chars < 0:
            raise InputError("config.context_chars", "must be >= 0")
        check_names(cfg.tenant, cfg.route, "config.")
        return StreamConfig(
            scope=self._engine.scope(resolve_tenant(call.caller, cfg.tenant), cfg.route),
            system_prompt=cfg.system_prompt or None,
            request_id=cfg.request_id or call.request_id,
            holdback=holdback,
            context=cfg.context_chars or self._stream.context,
        )


def _request(
    r: pb.ClassifyRequest, tenant: str, request_id: str, default: Priority, *, route: str | None = None
) -> Request:
    return Request(
        text=r.text,
        tenant=tenant,
        route=r.route if route is None else route,
        system_prompt=r.system_prompt or None,
        protected_context_ids=tuple(r.protected_context_ids),
        request_id=r.request_id or request_id,
        metadata=dict(r.metadata),
        priority=_PRIORITIES.get(r.priority, default),
    )


def _with_tenant(request: Request, call) -> Request:
    tenant = resolve_tenant(call.caller, request.tenant)
    if tenant == request.tenant:
        return request
    return replace(request, tenant=tenant)


def _deadline(context: grpc.aio.ServicerContext) -> float | None:
    remaining = context.time_remaining()
    return None if remaining is None else time.monotonic() + remaining


def _finding(f: Finding) -> pb.Finding:
    return pb.Finding(
        category=f.category,
        type=f.type,
        score=f.score,
        start=f.start,
        end=f.end,
        detector=f.detector,
        explanation=f.explanation,
    )


def _timings(t: Timings) -> pb.Timings:
    return pb.Timings(
        queue_ms=t.queue_ms,
        inference_ms=t.inference_ms,
        tokenize_ms=t.tokenize_ms,
        decode_ms=t.decode_ms,
        policy_ms=t.policy_ms,
        total_ms=t.total_ms,
    )


def _response(o: Outcome) -> pb.ClassifyResponse:
    v = o.verdict
    return pb.ClassifyResponse(
        request_id=o.request_id,
        action=v.action.proto,
        enforced_action=v.enforced_action.proto,
        findings=[_finding(f) for f in v.findings],
        redacted_text=v.redacted_text or "",
        scores=dict(o.scores),
        model_version=o.model_version,
        policy_version=v.policy_version,
        shadow=v.mode == "shadow",
        reasons=[str(r) for r in v.reasons],
        timings=_timings(o.timings),
        degraded=o.degraded,
    )


def _stream_response(u: StreamUpdate) -> pb.StreamResponse:
    return pb.StreamResponse(
        request_id=u.request_id,
        released_text=u.released_text,
        released_start=u.released_start,
        released_end=u.released_end,
        findings=[_finding(f) for f in u.findings],
        action=u.action.proto,
        final=u.final,
        model_version=u.model_version,
        policy_version=u.policy_version,
        degraded=u.degraded,
        timings=_timings(u.timings),
    )
