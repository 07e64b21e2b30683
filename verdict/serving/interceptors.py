"""Cross-cutting concerns of every verdict RPC, kept out of the servicer:

request id (from the message, `x-request-id` metadata, or generated) → API key → tenant (`Caller`) →
undecodable messages turned into INVALID_ARGUMENT → error mapping (verdict.serving.errors), counted in
`verdict_errors_total{code}` → a refused request (REFUSED: auth, overload, deadline, bad input) handed
to `on_refused` for its audit record → one structured log line per call (method, request id, tenant,
code, latency; never text).

The servicer reads the call's request id and caller through `current_call()`.
"""

from __future__ import annotations

import contextvars
import logging
import os
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import grpc
from google.protobuf.message import DecodeError

from verdict.runtime.errors import InputError, OverloadedError
from verdict.serving import errors
from verdict.serving.auditing import Refusal
from verdict.serving.metrics import Metrics
from verdict.serving.security import ANONYMOUS, ApiKeys, Caller

log = logging.getLogger("verdict.serving.access")

SERVICE_PREFIX = "/verdict.v1.Verdict/"

# Status codes that mean "refused without a verdict", and the reason the evidence report counts them by.
REFUSED = {
    grpc.StatusCode.UNAUTHENTICATED: "auth",
    grpc.StatusCode.PERMISSION_DENIED: "auth",
    grpc.StatusCode.RESOURCE_EXHAUSTED: "overload",  # or "deadline": OverloadedError.reason
    grpc.StatusCode.DEADLINE_EXCEEDED: "deadline",
    grpc.StatusCode.INVALID_ARGUMENT: "invalid_argument",  # too large, or any other bad input
}


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
    def __init__(
        self, keys: ApiKeys, *, metrics: Metrics, on_refused: Callable[[Refusal], None] | None = None
    ) -> None:
        self._keys = keys
        self._metrics = metrics
        self._on_refused = on_refused  # must not block: it runs on the call's way out
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
            cached = self._wrapped[method] = (handler, self._wrap(handler, method[len(SERVICE_PREFIX) :]))
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

    def _wrap_unary(self, behavior, name):
        async def unary(request, context: grpc.aio.ServicerContext):
            async with _Frame(self, name, context, request):
                if isinstance(request, _Undecodable):
                    raise _undecodable(request.reason)
                return await behavior(request, context)

        return unary

    def _wrap_stream(self, behavior, name):
        async def stream(request_iterator, context: grpc.aio.ServicerContext):
            async with _Frame(self, name, context, None):
                async for response in behavior(_checked(request_iterator), context):
                    yield response

        return stream

    def _finish(self, call: Call, started: float, code: str) -> None:
        seconds = time.perf_counter() - started
        log.info(
            "rpc method=%s request_id=%s tenant=%s code=%s ms=%.2f",
            call.method,
            call.request_id,
            call.caller.tenant or "-",
            code,
            seconds * 1000.0,
        )
        if code != "OK":
            self._metrics.errors_total.labels(code=code).inc()

    def _refused(self, call: Call, request, exc: BaseException, code: grpc.StatusCode) -> None:
        reason = REFUSED.get(code)
        if reason is None or self._on_refused is None:
            return
        if isinstance(exc, OverloadedError):
            reason = exc.reason
        named = request if request is not None and not isinstance(request, _Undecodable) else None
        # An unauthenticated caller's message names a tenant nobody vouched for: not recorded as theirs.
        claimed = getattr(named, "tenant", "") if reason != "auth" else ""
        try:
            self._on_refused(
                Refusal(
                    request_id=call.request_id,
                    tenant=call.caller.tenant or claimed or "-",
                    route=getattr(named, "route", "") or "-",
                    method=call.method,
                    reason=reason,
                    code=code.name,
                )
            )
        except Exception:  # the refusal stands; its record is best effort, never a second error
            log.exception("recording the refusal of request_id=%s failed", call.request_id)


class _Frame:
    """One intercepted RPC, unary or streaming, as an `async with` around the servicer's handler.

    Entering sets the call's request id (message, metadata, or new; echoed in the trailing metadata) and
    authenticates the API key, inside the frame so that a bad key is mapped like any other error. Leaving
    maps an exception to its status (`verdict.serving.errors`) and aborts the call with it, then logs the call and
    counts a non-OK code. A call cancelled by its client or its deadline is logged as CANCELLED. A class,
    not a generator-based context manager: a stream's handler may be closed by a cancellation at any
    `yield`, and `__aexit__` must then finish without awaiting anything.
    """

    __slots__ = ("_context", "_name", "_owner", "_request", "_started", "_token")

    def __init__(
        self, owner: VerdictInterceptor, name: str, context: grpc.aio.ServicerContext, request
    ) -> None:
        self._owner, self._name, self._context, self._request = owner, name, context, request

    async def __aenter__(self) -> Call:
        self._started = time.perf_counter()
        metadata = self._context.invocation_metadata() or ()
        request = self._request
        given = (
            getattr(request, "request_id", "")
            if request is not None and not isinstance(request, _Undecodable)
            else ""
        )
        from_metadata = next((v for k, v in metadata if k == errors.REQUEST_ID_KEY), "")
        call = Call(given or from_metadata or new_request_id(), ANONYMOUS, self._name)
        self._token = _CALL.set(call)
        try:
            self._context.set_trailing_metadata(((errors.REQUEST_ID_KEY, call.request_id),))
            call = Call(call.request_id, self._owner._keys.authenticate(metadata), call.method)
            _CALL.set(call)
        except Exception as exc:
            await self.__aexit__(type(exc), exc, exc.__traceback__)  # aborts the call
            raise
        return call

    async def __aexit__(self, exc_type, exc, tb) -> bool:
        code = "OK"
        try:
            if isinstance(exc, grpc.aio.AbortError):
                code = "ABORTED_BY_HANDLER"
            elif isinstance(exc, Exception):
                status = errors.to_status(exc, _CALL.get().request_id)
                code = status.code.name
                self._owner._refused(_CALL.get(), self._request, exc, status.code)
                await self._context.abort(status.code, status.details, status.trailing_metadata)
            elif (
                exc is not None
            ):  # asyncio.CancelledError, GeneratorExit: the client or its deadline ended it
                code = "CANCELLED"
        finally:
            self._owner._finish(_CALL.get(), self._started, code)
            _CALL.reset(self._token)
        return False


async def _checked(requests: AsyncIterator) -> AsyncIterator:
    async for request in requests:
        if isinstance(request, _Undecodable):
            raise _undecodable(request.reason)
        yield request
