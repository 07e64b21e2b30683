"""Python clients for the verdict API: `VerdictClient` (blocking) and `AsyncVerdictClient` (asyncio).

    with VerdictClient("localhost:50051", api_key="...") as client:
        result = client.classify("Call me at +1 415 555 0100", route="chat")
        result.action            # Action.REDACT (a str enum: == "REDACT")
        result.redacted_text     # "Call me at <PHONE_NUMBER>"

Errors surface as `grpc.RpcError` with the server's status code and message (INVALID_ARGUMENT names the
field and the limit; RESOURCE_EXHAUSTED carries "retry-after-ms" in trailing metadata).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import grpc

from verdict.governance.policy.actions import Action
from verdict.runtime.findings import Finding
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc as pb_grpc
from verdict.serving.timings import Timings

_PRIORITIES = {None: pb.PRIORITY_UNSPECIFIED, "inline": pb.PRIORITY_INLINE, "bulk": pb.PRIORITY_BULK}


@dataclass(frozen=True, slots=True)
class ClassifyResult:
    action: Action
    findings: tuple[Finding, ...]
    redacted_text: str | None
    scores: Mapping[str, float]
    model_version: str
    policy_version: str
    timings: Timings
    degraded: bool
    request_id: str
    enforced_action: Action = Action.ALLOW
    shadow: bool = False
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StreamResult:
    released_text: str  # newly released, already redacted: safe to show
    released_start: int
    released_end: int
    findings: tuple[Finding, ...]  # new in this result; offsets on the whole stream's text
    action: Action  # strongest enforced action so far
    final: bool
    request_id: str
    model_version: str = ""
    policy_version: str = ""
    degraded: bool = False


@dataclass(frozen=True, slots=True)
class TLS:
    """Client TLS: `root_ca` verifies the server; `cert` + `key` present a client certificate (mTLS)."""

    root_ca: Path | bytes | None = None
    cert: Path | bytes | None = None
    key: Path | bytes | None = None
    server_name: str | None = None  # override the name checked against the server certificate

    def credentials(self) -> grpc.ChannelCredentials:
        return grpc.ssl_channel_credentials(_bytes(self.root_ca), _bytes(self.key), _bytes(self.cert))


@dataclass(frozen=True, slots=True)
class _Options:
    address: str
    api_key: str | None = None
    tls: TLS | None = None
    timeout: float | None = 5.0
    options: tuple = field(
        default=(
            ("grpc.max_receive_message_length", 16 * 1024 * 1024),
            ("grpc.max_send_message_length", 16 * 1024 * 1024),
        )
    )

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.api_key}"),) if self.api_key else ()

    @property
    def channel_options(self) -> list:
        extra = (
            [("grpc.ssl_target_name_override", self.tls.server_name)]
            if self.tls and self.tls.server_name
            else []
        )
        return [*self.options, *extra]


class VerdictClient:
    def __init__(
        self, address: str, *, api_key: str | None = None, tls: TLS | None = None, timeout: float | None = 5.0
    ) -> None:
        self._o = _Options(address, api_key, tls, timeout)
        self._channel = (
            grpc.secure_channel(address, tls.credentials(), self._o.channel_options)
            if tls
            else grpc.insecure_channel(address, self._o.channel_options)
        )
        self._stub = pb_grpc.VerdictStub(self._channel)

    def classify(
        self,
        text: str,
        tenant: str | None = None,
        route: str | None = None,
        system_prompt: str | None = None,
        *,
        request_id: str | None = None,
        priority: str | None = None,
        timeout: float | None = None,
    ) -> ClassifyResult:
        request = _classify_request(text, tenant, route, system_prompt, request_id, priority)
        return _result(
            self._stub.Classify(request, timeout=timeout or self._o.timeout, metadata=self._o.metadata)
        )

    def classify_batch(
        self,
        texts: Iterable[str],
        tenant: str | None = None,
        route: str | None = None,
        *,
        priority: str | None = None,
        timeout: float | None = None,
    ) -> list[ClassifyResult]:
        request = _batch_request(texts, tenant, route, priority)
        response = self._stub.ClassifyBatch(
            request, timeout=timeout or self._o.timeout, metadata=self._o.metadata
        )
        return [_result(r) for r in response.results]

    def stream(
        self,
        chunks: Iterable[str],
        tenant: str | None = None,
        route: str | None = None,
        system_prompt: str | None = None,
        *,
        holdback_chars: int = 0,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> Iterator[StreamResult]:
        """Send chunks as they come; yield results as text is released. Stops after a BLOCK."""

        def requests() -> Iterator[pb.StreamRequest]:
            yield _stream_config(tenant, route, system_prompt, holdback_chars, request_id)
            for chunk in chunks:
                yield pb.StreamRequest(chunk=chunk)

        for response in self._stub.ClassifyStream(requests(), timeout=timeout, metadata=self._o.metadata):
            yield _stream_result(response)

    def model_info(self) -> pb.ModelInfo:
        return self._stub.GetModelInfo(
            pb.GetModelInfoRequest(), timeout=self._o.timeout, metadata=self._o.metadata
        )

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> VerdictClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncVerdictClient:
    def __init__(
        self, address: str, *, api_key: str | None = None, tls: TLS | None = None, timeout: float | None = 5.0
    ) -> None:
        self._o = _Options(address, api_key, tls, timeout)
        self._channel = (
            grpc.aio.secure_channel(address, tls.credentials(), self._o.channel_options)
            if tls
            else grpc.aio.insecure_channel(address, self._o.channel_options)
        )
        self._stub = pb_grpc.VerdictStub(self._channel)

    async def classify(
        self,
        text: str,
        tenant: str | None = None,
        route: str | None = None,
        system_prompt: str | None = None,
        *,
        request_id: str | None = None,
        priority: str | None = None,
        timeout: float | None = None,
    ) -> ClassifyResult:
        request = _classify_request(text, tenant, route, system_prompt, request_id, priority)
        return _result(
            await self._stub.Classify(request, timeout=timeout or self._o.timeout, metadata=self._o.metadata)
        )

    async def classify_batch(
        self,
        texts: Iterable[str],
        tenant: str | None = None,
        route: str | None = None,
        *,
        priority: str | None = None,
        timeout: float | None = None,
    ) -> list[ClassifyResult]:
        request = _batch_request(texts, tenant, route, priority)
        response = await self._stub.ClassifyBatch(
            request, timeout=timeout or self._o.timeout, metadata=self._o.metadata
        )
        return [_result(r) for r in response.results]

    async def stream(
        self,
        chunks: Iterable[str] | AsyncIterable[str],
        tenant: str | None = None,
        route: str | None = None,
        system_prompt: str | None = None,
        *,
        holdback_chars: int = 0,
        request_id: str | None = None,
        timeout: float | None = None,
    ) -> AsyncIterator[StreamResult]:
        async def requests() -> AsyncIterator[pb.StreamRequest]:
            yield _stream_config(tenant, route, system_prompt, holdback_chars, request_id)
            if isinstance(chunks, AsyncIterable):
                async for chunk in chunks:
                    yield pb.StreamRequest(chunk=chunk)
            else:
                for chunk in chunks:
                    yield pb.StreamRequest(chunk=chunk)

        async for response in self._stub.ClassifyStream(
            requests(), timeout=timeout, metadata=self._o.metadata
        ):
            yield _stream_result(response)

    async def model_info(self) -> pb.ModelInfo:
        return await self._stub.GetModelInfo(
            pb.GetModelInfoRequest(), timeout=self._o.timeout, metadata=self._o.metadata
        )

    async def close(self) -> None:
        await self._channel.close()

    async def __aenter__(self) -> AsyncVerdictClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


def _bytes(value: Path | bytes | str | None) -> bytes | None:
    if value is None or isinstance(value, bytes):
        return value
    return Path(value).read_bytes()


def _classify_request(text, tenant, route, system_prompt, request_id, priority) -> pb.ClassifyRequest:
    return pb.ClassifyRequest(
        text=text,
        tenant=tenant or "",
        route=route or "",
        system_prompt=system_prompt or "",
        request_id=request_id or "",
        priority=_PRIORITIES[priority],
    )


def _batch_request(texts, tenant, route, priority) -> pb.ClassifyBatchRequest:
    return pb.ClassifyBatchRequest(
        items=[pb.ClassifyRequest(text=t) for t in texts],
        tenant=tenant or "",
        route=route or "",
        priority=_PRIORITIES[priority],
    )


def _stream_config(tenant, route, system_prompt, holdback_chars, request_id) -> pb.StreamRequest:
    return pb.StreamRequest(
        config=pb.StreamConfig(
            tenant=tenant or "",
            route=route or "",
            system_prompt=system_prompt or "",
            holdback_chars=holdback_chars,
            request_id=request_id or "",
        )
    )


def _finding(f: pb.Finding) -> Finding:
    return Finding(
        category=f.category,
        type=f.type,
        score=f.score,
        start=f.start,
        end=f.end,
        detector=f.detector,
        explanation=f.explanation,
    )


def _result(r: pb.ClassifyResponse) -> ClassifyResult:
    t, enforced = r.timings, Action.from_proto(r.enforced_action)
    return ClassifyResult(
        action=Action.from_proto(r.action),
        findings=tuple(_finding(f) for f in r.findings),
        redacted_text=r.redacted_text if enforced.spec.replaces_text or r.redacted_text else None,
        scores=dict(r.scores),
        model_version=r.model_version,
        policy_version=r.policy_version,
        timings=Timings(t.queue_ms, t.inference_ms, t.tokenize_ms, t.decode_ms, t.policy_ms, t.total_ms),
        degraded=r.degraded,
        request_id=r.request_id,
        enforced_action=enforced,
        shadow=r.shadow,
        reasons=tuple(r.reasons),
    )


def _stream_result(r: pb.StreamResponse) -> StreamResult:
    return StreamResult(
        released_text=r.released_text,
        released_start=r.released_start,
        released_end=r.released_end,
        findings=tuple(_finding(f) for f in r.findings),
        action=Action.from_proto(r.action),
        final=r.final,
        request_id=r.request_id,
        model_version=r.model_version,
        policy_version=r.policy_version,
        degraded=r.degraded,
    )
