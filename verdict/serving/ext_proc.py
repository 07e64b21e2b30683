"""An Envoy External Processing server that enforces verdicts on the upstream LLM's response body.

    python -m verdict.serving.ext_proc --verdict-address verdict:50051 --port 50052

Envoy streams one `ProcessingRequest` per phase of an HTTP call (envoy.service.ext_proc.v3). With the
processing mode this server expects (see deploy/envoy/envoy.yaml):

    processing_mode: {request_header_mode: SEND, response_header_mode: SEND,
                      request_body_mode: NONE, response_body_mode: BUFFERED}

    request_headers   capture x-verdict-tenant, x-verdict-route, x-api-key, x-request-id; drop
                      accept-encoding so the upstream answers in clear text; CONTINUE
    response_headers  capture content-type / content-encoding; CONTINUE (Envoy then buffers the body);
                      a streamed completion (text/event-stream) switches the body to STREAMED instead
                      (mode_override; Envoy needs allow_mode_override) and drops content-length
    response_body     classify, then:
        ALLOW  CONTINUE
        FLAG   CONTINUE + header x-verdict-action: FLAG
        REDACT body_mutation (OpenAI chat completion JSON: each choices[].message.content replaced by its
               redacted text; any other body: replaced whole) + x-verdict-action: REDACT
        BLOCK  immediate_response, status 403 (--block-status), JSON error naming the categories only
    verdict unreachable or failing: fail closed (immediate 503, --unavailable-status) or, with
    --fail-open, CONTINUE + x-verdict-action: UNCHECKED; both logged with the request id, never text.
    streamed body     each piece is replaced by the text verdict has released so far (ClassifyStream,
                      holdback; verdict.serving.sse). The status line has gone out by then, so BLOCK
                      and fail-closed end the stream with an SSE event {"error": ...} (the same JSON
                      as the 403/503 bodies) and release nothing more; fail-open releases the rest
                      unchecked.

The classification seam is `Checker`: `RemoteChecker` calls a verdict server through
verdict.serving.client.AsyncVerdictClient (forwarding the caller's x-api-key), `EngineChecker` calls an
in-process verdict.serving.engine.Engine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterable, AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import grpc
from envoy.config.core.v3 import base_pb2
from envoy.extensions.filters.http.ext_proc.v3 import processing_mode_pb2
from envoy.service.ext_proc.v3 import external_processor_pb2 as ep
from envoy.service.ext_proc.v3 import external_processor_pb2_grpc as ep_grpc
from envoy.type.v3 import http_status_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from verdict.governance.policy.actions import ACTION_HEADER, BLOCK_STATUS, UNCHECKED, Action, strongest
from verdict.serving import sse
from verdict.serving.client import AsyncVerdictClient

if TYPE_CHECKING:
    from verdict.serving.engine import Engine

log = logging.getLogger("verdict.ext_proc")

REQUEST_ID_HEADER = "x-verdict-request-id"
SERVICE_NAME = ep.DESCRIPTOR.services_by_name["ExternalProcessor"].full_name


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtProcSettings:
    verdict_address: str = "localhost:50051"
    host: str = "0.0.0.0"
    port: int = 50052  # 0 picks a free one
    api_key: str | None = None  # used when the HTTP request carries no x-api-key
    timeout_s: float = 2.0  # per verdict call; keep below Envoy's message_timeout
    fail_open: bool = False
    block_status: int = BLOCK_STATUS
    unavailable_status: int = 503
    max_clients: int = 256  # one verdict channel per distinct API key, least recently used evicted


@dataclass(frozen=True, slots=True)
class Origin:
    """Who the HTTP call belongs to, read from its request headers."""

    tenant: str = ""
    route: str = ""
    api_key: str | None = None
    request_id: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action  # the enforced action
    redacted_text: str | None = None
    categories: tuple[str, ...] = ()
    types: tuple[str, ...] = ()


class Checker(Protocol):
    async def check(self, text: str, origin: Origin) -> Decision: ...

    def stream(self, chunks: AsyncIterable[str], origin: Origin) -> AsyncIterator[sse.Release]: ...


class RemoteChecker:
    """Classifies through a verdict server; the caller's API key travels with each call."""

    def __init__(
        self, settings: ExtProcSettings, *, client: Callable[[str | None], AsyncVerdictClient] | None = None
    ) -> None:
        self._settings = settings
        self._make = client or (
            lambda key: AsyncVerdictClient(settings.verdict_address, api_key=key, timeout=settings.timeout_s)
        )
        self._clients: OrderedDict[str | None, AsyncVerdictClient] = OrderedDict()
        self._closing: set[asyncio.Task] = set()

    async def check(self, text: str, origin: Origin) -> Decision:
        result = await self._client(origin.api_key or self._settings.api_key).classify(
            text, tenant=origin.tenant, route=origin.route, request_id=origin.request_id, priority="inline"
        )
        return _decision(result.enforced_action, result.redacted_text, result.findings)

    async def stream(self, chunks: AsyncIterable[str], origin: Origin) -> AsyncIterator[sse.Release]:
        client = self._client(origin.api_key or self._settings.api_key)
        async for result in client.stream(
            chunks, tenant=origin.tenant, route=origin.route, request_id=origin.request_id
        ):
            yield sse.release_of(result)

    def _client(self, key: str | None) -> AsyncVerdictClient:
        if key in self._clients:
            self._clients.move_to_end(key)
            return self._clients[key]
        client = self._clients[key] = self._make(key)
        if len(self._clients) > self._settings.max_clients:
            _, evicted = self._clients.popitem(last=False)
            task = asyncio.get_running_loop().create_task(self._close_later(evicted))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
        return client

    async def _close_later(self, client: AsyncVerdictClient) -> None:
        await asyncio.sleep(self._settings.timeout_s)  # let calls already on it finish
        await client.close()

    async def close(self) -> None:
        for client in self._clients.values():
            await client.close()
        self._clients.clear()


class EngineChecker:
    """Classifies in-process, when the processor runs inside the verdict server."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    async def check(self, text: str, origin: Origin) -> Decision:
        from verdict.serving.engine import (
            Request,
        )  # the standalone processor never loads the engine (numpy, models)

        outcome = await self._engine.classify(
            Request(text=text, tenant=origin.tenant, route=origin.route, request_id=origin.request_id)
        )
        verdict = outcome.verdict
        return _decision(verdict.enforced_action, verdict.redacted_text, verdict.findings)

    async def stream(self, chunks: AsyncIterable[str], origin: Origin) -> AsyncIterator[sse.Release]:
        from verdict.serving.stream import StreamConfig, StreamSession

        scope = self._engine.scope(origin.tenant, origin.route)
        session = StreamSession(self._engine, StreamConfig(scope=scope, request_id=origin.request_id))
        async for chunk in chunks:
            update = await session.feed(chunk)
            if update is not None:
                yield sse.release_of(update)
            if session.done:
                return
        yield sse.release_of(await session.close())

    async def close(self) -> None:
        pass


def _decision(action: Action, redacted_text: str | None, findings: Sequence[Any]) -> Decision:
    return Decision(
        action=action,
        redacted_text=redacted_text,
        categories=tuple(sorted({f.category for f in findings})),
        types=tuple(sorted({f.type for f in findings})),
    )


# -- the response body ---------------------------------------------------------------------------


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


# -- the processor -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Exchange:
    """What one HTTP call's stream has told us so far."""

    origin: Origin = field(default_factory=Origin)
    content_type: str = ""
    content_encoding: str = ""
    stream: sse.StreamedCompletion | None = None  # a streamed completion, checked piece by piece
    unchecked: bool = False  # the stream's verdict failed and fail-open releases the rest as it is
    ended: bool = False  # the stream was blocked or failed closed: nothing more is released


class ExternalProcessor(ep_grpc.ExternalProcessorServicer):
    def __init__(self, checker: Checker, settings: ExtProcSettings) -> None:
        self._checker, self._settings = checker, settings

    async def Process(
        self, request_iterator: AsyncIterator[ep.ProcessingRequest], context: grpc.aio.ServicerContext
    ) -> AsyncIterator[ep.ProcessingResponse]:
        exchange = _Exchange()
        try:
            async for response in self._exchange(request_iterator, exchange):
                yield response
        finally:
            if exchange.stream is not None:
                await exchange.stream.aclose()

    async def _exchange(
        self, request_iterator: AsyncIterator[ep.ProcessingRequest], exchange: _Exchange
    ) -> AsyncIterator[ep.ProcessingResponse]:
        async for message in request_iterator:
            phase = message.WhichOneof("request")
            if phase == "request_headers":
                headers = _headers(message.request_headers)
                exchange.origin = Origin(
                    tenant=headers.get("x-verdict-tenant", ""),
                    route=headers.get("x-verdict-route", ""),
                    api_key=headers.get("x-api-key") or None,
                    request_id=headers.get("x-request-id") or uuid.uuid4().hex,
                )
                mutation = ep.HeaderMutation(remove_headers=["accept-encoding"])
                yield ep.ProcessingResponse(
                    request_headers=ep.HeadersResponse(response=ep.CommonResponse(header_mutation=mutation))
                )
            elif phase == "response_headers":
                headers = _headers(message.response_headers)
                exchange.content_type = headers.get("content-type", "")
                exchange.content_encoding = headers.get("content-encoding", "identity").lower()
                yield self._response_headers(exchange)
            elif phase == "response_body" and exchange.stream is not None:
                yield await self._streamed_body(message.response_body, exchange)
            elif phase == "response_body":
                yield await self._response_body(message.response_body.body, exchange)
            elif phase is not None:
                yield _continue(phase)

    def _response_headers(self, exchange: _Exchange) -> ep.ProcessingResponse:
        streamed = exchange.content_type.lower().startswith(
            sse.CONTENT_TYPE
        ) and exchange.content_encoding in (
            "",
            "identity",
        )
        if not streamed:
            return ep.ProcessingResponse(response_headers=ep.HeadersResponse())
        origin = exchange.origin
        exchange.stream = sse.StreamedCompletion(
            lambda chunks: self._checker.stream(chunks, origin), timeout_s=self._settings.timeout_s
        )
        mutation = _set_headers((REQUEST_ID_HEADER, origin.request_id))
        mutation.remove_headers.append("content-length")  # the released text differs in length
        return ep.ProcessingResponse(
            response_headers=ep.HeadersResponse(response=ep.CommonResponse(header_mutation=mutation)),
            mode_override=processing_mode_pb2.ProcessingMode(
                response_body_mode=processing_mode_pb2.ProcessingMode.STREAMED
            ),
        )

    async def _streamed_body(self, body: ep.HttpBody, exchange: _Exchange) -> ep.ProcessingResponse:
        origin, stream = exchange.origin, exchange.stream
        assert stream is not None
        if exchange.ended:
            out = b""
        elif exchange.unchecked:
            out = body.body
        else:
            try:
                out = await stream.feed(body.body, body.end_of_stream)
            except sse.StreamBlocked as blocked:
                exchange.ended = True
                release = blocked.release
                log.info(
                    "stream request_id=%s tenant=%s route=%s action=%s",
                    origin.request_id,
                    origin.tenant,
                    origin.route,
                    release.action.value,
                )
                out = sse.event(_block_error(list(release.categories), list(release.types), origin))
            except Exception as exc:
                self._log_unavailable(exc, origin)
                if self._settings.fail_open:
                    exchange.unchecked = True
                    out = stream.unchecked()
                else:
                    exchange.ended = True
                    out = sse.event(_unavailable_error(origin))
        mutation = ep.BodyMutation(body=out)
        return ep.ProcessingResponse(
            response_body=ep.BodyResponse(response=ep.CommonResponse(body_mutation=mutation))
        )

    async def _response_body(self, raw: bytes, exchange: _Exchange) -> ep.ProcessingResponse:
        origin = exchange.origin
        try:
            if exchange.content_encoding not in ("", "identity"):
                raise ValueError(f"content-encoding {exchange.content_encoding} cannot be read")
            body = parse_body(raw, exchange.content_type)
            decisions = await asyncio.gather(*(self._checker.check(t, origin) for t in body.texts))
        except Exception as exc:
            return self._unavailable(exc, origin)
        action = strongest(d.action for d in decisions)
        log.info(
            "response request_id=%s tenant=%s route=%s action=%s texts=%d",
            origin.request_id,
            origin.tenant,
            origin.route,
            action.value,
            len(decisions),
        )
        if not action.spec.releases:
            return self._blocked(action, decisions, origin)
        if action.spec.replaces_text:
            new = body.rebuild(
                [
                    d.redacted_text if d.action.spec.replaces_text and d.redacted_text is not None else t
                    for d, t in zip(decisions, body.texts, strict=True)
                ]
            )
            mutation = _set_headers(
                (ACTION_HEADER, action.value),
                (REQUEST_ID_HEADER, origin.request_id),
                ("content-length", str(len(new))),
            )
            common = ep.CommonResponse(header_mutation=mutation, body_mutation=ep.BodyMutation(body=new))
            return ep.ProcessingResponse(response_body=ep.BodyResponse(response=common))
        headers = [(REQUEST_ID_HEADER, origin.request_id)] + (
            [(ACTION_HEADER, action.value)] if action.spec.marked else []
        )
        return ep.ProcessingResponse(
            response_body=ep.BodyResponse(response=ep.CommonResponse(header_mutation=_set_headers(*headers)))
        )

    def _blocked(
        self, action: Action, decisions: Sequence[Decision], origin: Origin
    ) -> ep.ProcessingResponse:
        categories = sorted({c for d in decisions if not d.action.spec.releases for c in d.categories})
        types = sorted({t for d in decisions if not d.action.spec.releases for t in d.types})
        return _immediate(
            self._settings.block_status,
            _block_error(categories, types, origin),
            "verdict_block",
            (ACTION_HEADER, action.value),
            (REQUEST_ID_HEADER, origin.request_id),
        )

    def _unavailable(self, exc: Exception, origin: Origin) -> ep.ProcessingResponse:
        self._log_unavailable(exc, origin)
        if self._settings.fail_open:
            mutation = _set_headers((ACTION_HEADER, UNCHECKED), (REQUEST_ID_HEADER, origin.request_id))
            return ep.ProcessingResponse(
                response_body=ep.BodyResponse(response=ep.CommonResponse(header_mutation=mutation))
            )
        return _immediate(
            self._settings.unavailable_status,
            _unavailable_error(origin),
            "verdict_unavailable",
            (REQUEST_ID_HEADER, origin.request_id),
        )

    def _log_unavailable(self, exc: Exception, origin: Origin) -> None:
        reason = exc.code().name if isinstance(exc, grpc.RpcError) else type(exc).__name__
        if self._settings.fail_open:
            log.warning(
                "verdict unavailable (%s) request_id=%s: failing open, response released unchecked",
                reason,
                origin.request_id,
            )
        else:
            log.error(
                "verdict unavailable (%s) request_id=%s: failing closed with %d",
                reason,
                origin.request_id,
                self._settings.unavailable_status,
            )


def _block_error(categories: list[str], types: list[str], origin: Origin) -> dict:
    return {
        "error": {
            "type": "verdict_blocked",
            "message": "The response was blocked by content policy.",
            "categories": categories,
            "types": types,
            "request_id": origin.request_id,
        }
    }


def _unavailable_error(origin: Origin) -> dict:
    return {
        "error": {
            "type": "verdict_unavailable",
            "message": "The response could not be checked.",
            "request_id": origin.request_id,
        }
    }


def _headers(message: ep.HttpHeaders) -> dict[str, str]:
    # Envoy sends raw_value (bytes) since 1.27, value before.
    return {
        h.key.lower(): (h.raw_value.decode("utf-8", errors="replace") if h.raw_value else h.value)
        for h in message.headers.headers
    }


def _set_headers(*pairs: tuple[str, str]) -> ep.HeaderMutation:
    return ep.HeaderMutation(
        set_headers=[
            base_pb2.HeaderValueOption(
                header=base_pb2.HeaderValue(key=k, raw_value=v.encode("utf-8")),
                append_action=base_pb2.HeaderValueOption.OVERWRITE_IF_EXISTS_OR_ADD,
            )
            for k, v in pairs
        ]
    )


def _immediate(status: int, error: dict, details: str, *headers: tuple[str, str]) -> ep.ProcessingResponse:
    return ep.ProcessingResponse(
        immediate_response=ep.ImmediateResponse(
            status=http_status_pb2.HttpStatus(code=status),
            body=json.dumps(error).encode("utf-8"),
            details=details,
            headers=_set_headers(("content-type", "application/json"), *headers),
        )
    )


def _continue(phase: str) -> ep.ProcessingResponse:
    """Phases this processor does not inspect (bodies and trailers it was not asked for) pass untouched."""
    reply = (
        ep.TrailersResponse()
        if phase.endswith("trailers")
        else ep.BodyResponse()
        if phase.endswith("body")
        else ep.HeadersResponse()
    )
    return ep.ProcessingResponse(**{phase: reply})


# -- lifecycle -----------------------------------------------------------------------------------


class ExtProcServer:
    def __init__(self, settings: ExtProcSettings, *, checker: Checker | None = None) -> None:
        self.settings = settings
        self.checker = checker or RemoteChecker(settings)
        self._health = health.aio.HealthServicer()
        self.server: grpc.aio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        server = grpc.aio.server()
        ep_grpc.add_ExternalProcessorServicer_to_server(
            ExternalProcessor(self.checker, self.settings), server
        )
        health_pb2_grpc.add_HealthServicer_to_server(self._health, server)
        self.port = server.add_insecure_port(f"{self.settings.host}:{self.settings.port}")
        await server.start()
        self.server = server
        for name in ("", SERVICE_NAME):
            await self._health.set(name, health_pb2.HealthCheckResponse.SERVING)
        log.info(
            "ext_proc on %s:%d verdict=%s fail_%s",
            self.settings.host,
            self.port,
            self.settings.verdict_address,
            "open" if self.settings.fail_open else "closed",
        )

    async def stop(self, grace: float | None = 5.0) -> None:
        if self.server is None:
            return
        await self._health.enter_graceful_shutdown()
        await self.server.stop(grace)
        await self.checker.close()
        self.server = None


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Flags, defaulting to VERDICT_EXT_PROC_* environment variables, then to ExtProcSettings."""
    d, env = ExtProcSettings(), os.environ.get
    p.add_argument("--verdict-address", default=env("VERDICT_EXT_PROC_VERDICT_ADDRESS", d.verdict_address))
    p.add_argument("--host", default=env("VERDICT_EXT_PROC_HOST", d.host))
    p.add_argument("--port", type=int, default=int(env("VERDICT_EXT_PROC_PORT", d.port)))
    p.add_argument(
        "--api-key",
        default=env("VERDICT_EXT_PROC_API_KEY"),
        help="verdict API key when the request has no x-api-key",
    )
    p.add_argument("--timeout-s", type=float, default=float(env("VERDICT_EXT_PROC_TIMEOUT_S", d.timeout_s)))
    p.add_argument(
        "--fail-open",
        action="store_true",
        default=env("VERDICT_EXT_PROC_FAIL_OPEN", "").lower() in ("1", "true"),
        help="release responses unchecked when verdict is unavailable (default: fail closed)",
    )
    p.add_argument(
        "--block-status", type=int, default=int(env("VERDICT_EXT_PROC_BLOCK_STATUS", d.block_status))
    )
    p.add_argument(
        "--unavailable-status",
        type=int,
        default=int(env("VERDICT_EXT_PROC_UNAVAILABLE_STATUS", d.unavailable_status)),
    )


def settings_of(a: argparse.Namespace) -> ExtProcSettings:
    return ExtProcSettings(
        verdict_address=a.verdict_address,
        host=a.host,
        port=a.port,
        api_key=a.api_key,
        timeout_s=a.timeout_s,
        fail_open=a.fail_open,
        block_status=a.block_status,
        unavailable_status=a.unavailable_status,
    )


def parse_args(argv: Sequence[str] | None) -> ExtProcSettings:
    p = argparse.ArgumentParser(prog="python -m verdict.serving.ext_proc", description=__doc__.split("\n")[0])
    add_arguments(p)
    return settings_of(p.parse_args(argv))


async def serve(settings: ExtProcSettings) -> None:
    import signal

    server = ExtProcServer(settings)
    await server.start()
    print(
        f"verdict ext_proc listening on {settings.host}:{server.port}, verdict at {settings.verdict_address}, "
        f"fail-{'open' if settings.fail_open else 'closed'}",
        flush=True,
    )
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    await stop.wait()
    await server.stop()


def main(argv: Sequence[str] | None = None) -> int:
    return _run(parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """`verdict ext-proc`: the same flags as `python -m verdict.serving.ext_proc`."""
    return _run(settings_of(args))


def _run(settings: ExtProcSettings) -> int:
    logging.basicConfig(
        level=os.environ.get("VERDICT_EXT_PROC_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    log.info(
        "settings %s",
        json.dumps(
            {
                **{k: getattr(settings, k) for k in settings.__dataclass_fields__},
                "api_key": "***" if settings.api_key else None,
            },
            sort_keys=True,
        ),
    )
    asyncio.run(serve(settings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
