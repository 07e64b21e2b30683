"""`ExternalProcessor`: the ext_proc servicer. Each HTTP call is one bidirectional stream; the phases are
translated here (see the package docstring for what each phase does) and the checker decides."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field

import grpc
from envoy.extensions.filters.http.ext_proc.v3 import processing_mode_pb2
from envoy.service.ext_proc.v3 import external_processor_pb2 as ep
from envoy.service.ext_proc.v3 import external_processor_pb2_grpc as ep_grpc

from verdict.governance.policy.actions import ACTION_HEADER, UNCHECKED, Action, strongest
from verdict.serving import sse
from verdict.serving.ext_proc.body import parse_body
from verdict.serving.ext_proc.checkers import Checker, Decision, Origin
from verdict.serving.ext_proc.messages import (
    REQUEST_ID_HEADER,
    block_error,
    headers_of,
    immediate,
    passthrough,
    set_headers,
    unavailable_error,
)
from verdict.serving.ext_proc.settings import ExtProcSettings

log = logging.getLogger("verdict.ext_proc")


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
                headers = headers_of(message.request_headers)
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
                headers = headers_of(message.response_headers)
                exchange.content_type = headers.get("content-type", "")
                exchange.content_encoding = headers.get("content-encoding", "identity").lower()
                yield self._response_headers(exchange)
            elif phase == "response_body" and exchange.stream is not None:
                yield await self._streamed_body(message.response_body, exchange)
            elif phase == "response_body":
                yield await self._response_body(message.response_body.body, exchange)
            elif phase is not None:
                yield passthrough(phase)

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
        mutation = set_headers((REQUEST_ID_HEADER, origin.request_id))
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
                out = sse.event(block_error(list(release.categories), list(release.types), origin))
            except Exception as exc:
                self._log_unavailable(exc, origin)
                if self._settings.fail_open:
                    exchange.unchecked = True
                    out = stream.unchecked()
                else:
                    exchange.ended = True
                    out = sse.event(unavailable_error(origin))
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
            mutation = set_headers(
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
            response_body=ep.BodyResponse(response=ep.CommonResponse(header_mutation=set_headers(*headers)))
        )

    def _blocked(
        self, action: Action, decisions: Sequence[Decision], origin: Origin
    ) -> ep.ProcessingResponse:
        categories = sorted({c for d in decisions if not d.action.spec.releases for c in d.categories})
        types = sorted({t for d in decisions if not d.action.spec.releases for t in d.types})
        return immediate(
            self._settings.block_status,
            block_error(categories, types, origin),
            "verdict_block",
            (ACTION_HEADER, action.value),
            (REQUEST_ID_HEADER, origin.request_id),
        )

    def _unavailable(self, exc: Exception, origin: Origin) -> ep.ProcessingResponse:
        self._log_unavailable(exc, origin)
        if self._settings.fail_open:
            mutation = set_headers((ACTION_HEADER, UNCHECKED), (REQUEST_ID_HEADER, origin.request_id))
            return ep.ProcessingResponse(
                response_body=ep.BodyResponse(response=ep.CommonResponse(header_mutation=mutation))
            )
        return immediate(
            self._settings.unavailable_status,
            unavailable_error(origin),
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
