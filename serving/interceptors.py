"""Cross-cutting concerns of every verdict RPC, kept out of the servicer:

request id (from the message, `x-request-id` metadata, or generated) → API key → tenant (`Caller`) →
undecodable messages turned into INVALID_ARGUMENT → error mapping (serving.errors), counted in
`verdict_errors_total{code}` → one structured log line per call (method, request id, tenant, code,
latency; never text).

The servicer reads the call's request id and caller through `current_call()`.
"""

from __future__ import annotations

import contextvars
import logging
import os
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import grpc
from google.protobuf.message import DecodeError

from classifier.errors import InputError
from serving import errors
from serving.metrics import Metrics
from serving.security import ANONYMOUS, ApiKeys, Caller

log = logging.getLogger("verdict.serving.access")

SERVICE_PREFIX = "/verdict.v1.Verdict/"


@dataclass(frozen=True, slots=True)
class Call:
    request_id: str
    caller: Caller
    method: str


_CALL: contextvars.ContextVar[Call] = contextvars.ContextVar("verdict_call")


def current_call() -> Call:
    """The call being served (outside an intercepted call: an anonymous one with a fresh id)."""
    return _CALL.get(None) or Call(new_request_id(), ANONYMOUS, "")


def new_request_id() -> str:
    """A random UUID4 as 32 hex digits: uuid.uuid4().hex without building a UUID object per call."""
    raw = bytearray(os.urandom(16))
    raw[6] = raw[6] & 0x0F | 0x40  # version 4
    raw[8] = raw[8] & 0x3F | 0x80  # RFC 4122 variant
    return raw.hex()


@dataclass(frozen=True, slots=True)
class _Undecodable:
    """Stands in for a message protobuf could not parse, so the error becomes ours, not INTERNAL."""

    reason: str


def _safe(deserializer):
    if deserializer is None:
        return None

    def parse(data: bytes):
        try:
            return deserializer(data)
        except DecodeError as exc:
            return _Undecodable(str(exc))

    return parse


def _undecodable(reason: str) -> InputError:
    return InputError("request", f"message could not be parsed ({reason}); string fields must be valid UTF-8")


class VerdictInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, keys: ApiKeys, *, metrics: Metrics) -> None:
        self._keys = keys
        self._metrics = metrics
        # method -> (the servicer's handler, its wrapped copy): wrapped once, not once per call. The
        # wrappers read each call's metadata from its context, so one copy serves every call.
        self._wrapped: dict[str, tuple[grpc.RpcMethodHandler, grpc.RpcMethodHandler]] = {}

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        method = handler_call_details.method
        if handler is None or not method.startswith(SERVICE_PREFIX):
            return handler  # health and reflection: open, like a load balancer expects
        cached = self._wrapped.get(method)
        if cached is None or cached[0] is not handler:
            cached = self._wrapped[method] = (handler, self._wrap(handler, method[len(SERVICE_PREFIX):]))
        return cached[1]

    def _wrap(self, handler: grpc.RpcMethodHandler, name: str) -> grpc.RpcMethodHandler:
        if handler.unary_unary:
            return handler._replace(
                request_deserializer=_safe(handler.request_deserializer),
                unary_unary=self._wrap_unary(handler.unary_unary, name),
            )
        if handler.stream_stream:
            return handler._replace(
                request_deserializer=_safe(handler.request_deserializer),
                stream_stream=self._wrap_stream(handler.stream_stream, name),
            )
        return handler

    def _start(self, name: str, metadata, request) -> tuple[Call, contextvars.Token]:
        given = getattr(request, "request_id", "") if request is not None and not isinstance(request, _Undecodable) else ""
        from_metadata = next((v for k, v in metadata if k == errors.REQUEST_ID_KEY), "")
        call = Call(given or from_metadata or new_request_id(), ANONYMOUS, name)
        return call, _CALL.set(call)

    def _authenticate(self, call: Call, metadata) -> Call:
        call = Call(call.request_id, self._keys.authenticate(metadata), call.method)
        _CALL.set(call)
        return call

    def _finish(self, call: Call, started: float, code: str) -> None:
        seconds = time.perf_counter() - started
        log.info(
            "rpc method=%s request_id=%s tenant=%s code=%s ms=%.2f",
            call.method, call.request_id, call.caller.tenant or "-", code, seconds * 1000.0,
        )
        if code != "OK":
            self._metrics.errors_total.labels(code=code).inc()

    def _wrap_unary(self, behavior, name):
        async def unary(request, context: grpc.aio.ServicerContext):
            started = time.perf_counter()
            metadata = context.invocation_metadata() or ()
            call, token = self._start(name, metadata, request)
            code = "OK"
            try:
                context.set_trailing_metadata(((errors.REQUEST_ID_KEY, call.request_id),))
                call = self._authenticate(call, metadata)
                if isinstance(request, _Undecodable):
                    raise _undecodable(request.reason)
                return await behavior(request, context)
            except grpc.aio.AbortError:
                code = "ABORTED_BY_HANDLER"
                raise
            except Exception as exc:  # noqa: BLE001 - every failure becomes a status, never a crash
                status = errors.to_status(exc, call.request_id)
                code = status.code.name
                await context.abort(status.code, status.details, status.trailing_metadata)
            finally:
                self._finish(_CALL.get(), started, code)
                _CALL.reset(token)

        return unary

    def _wrap_stream(self, behavior, name):
        async def stream(request_iterator, context: grpc.aio.ServicerContext):
            started = time.perf_counter()
            metadata = context.invocation_metadata() or ()
            call, token = self._start(name, metadata, None)
            code = "OK"
            try:
                context.set_trailing_metadata(((errors.REQUEST_ID_KEY, call.request_id),))
                call = self._authenticate(call, metadata)
                async for response in behavior(_checked(request_iterator), context):
                    yield response
            except grpc.aio.AbortError:
                code = "ABORTED_BY_HANDLER"
                raise
            except Exception as exc:  # noqa: BLE001
                status = errors.to_status(exc, call.request_id)
                code = status.code.name
                await context.abort(status.code, status.details, status.trailing_metadata)
            finally:
                self._finish(_CALL.get(), started, code)
                _CALL.reset(token)

        return stream


async def _checked(requests: AsyncIterator) -> AsyncIterator:
    async for request in requests:
        if isinstance(request, _Undecodable):
            raise _undecodable(request.reason)
        yield request

