"""The one place verdict's error hierarchy becomes gRPC status codes.

    InputError            -> INVALID_ARGUMENT    (the message names the field and the limit)
    PermissionDeniedError -> PERMISSION_DENIED   (checked before AuthError: it is a subclass)
    AuthError             -> UNAUTHENTICATED
    OverloadedError       -> RESOURCE_EXHAUSTED  (trailing metadata "retry-after-ms")
    DeadlineError         -> DEADLINE_EXCEEDED
    ModelError            -> UNAVAILABLE
    AuditUnavailableError -> UNAVAILABLE         (the verdict's record is not durable; fail-closed)
    ConfigError           -> FAILED_PRECONDITION (a reload pointed at a bad model version)
    anything else         -> INTERNAL            (details carry the request id, never a traceback)

Every status carries the request id in trailing metadata ("x-request-id").
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import grpc

from verdict.runtime.errors import (
    AuditUnavailableError,
    AuthError,
    ConfigError,
    DeadlineError,
    InputError,
    ModelError,
    OverloadedError,
    PermissionDeniedError,
)

log = logging.getLogger("verdict.serving")

REQUEST_ID_KEY = "x-request-id"
RETRY_AFTER_KEY = "retry-after-ms"

_CODES: tuple[tuple[type[BaseException], grpc.StatusCode], ...] = (
    (InputError, grpc.StatusCode.INVALID_ARGUMENT),
    (PermissionDeniedError, grpc.StatusCode.PERMISSION_DENIED),
    (AuthError, grpc.StatusCode.UNAUTHENTICATED),
    (OverloadedError, grpc.StatusCode.RESOURCE_EXHAUSTED),
    (DeadlineError, grpc.StatusCode.DEADLINE_EXCEEDED),
    (asyncio.TimeoutError, grpc.StatusCode.DEADLINE_EXCEEDED),
    (ModelError, grpc.StatusCode.UNAVAILABLE),
    (AuditUnavailableError, grpc.StatusCode.UNAVAILABLE),
    (ConfigError, grpc.StatusCode.FAILED_PRECONDITION),
)


@dataclass(frozen=True, slots=True)
class Status:
    code: grpc.StatusCode
    details: str
    trailing_metadata: tuple[tuple[str, str], ...]


def to_status(exc: BaseException, request_id: str) -> Status:
    trailing = [(REQUEST_ID_KEY, request_id)]
    for kind, code in _CODES:
        if isinstance(exc, kind):
            if isinstance(exc, OverloadedError):
                trailing.append((RETRY_AFTER_KEY, str(int(exc.retry_after_ms))))
            details = str(exc) or type(exc).__name__
            return Status(code, details, tuple(trailing))
    log.exception("internal error request_id=%s", request_id, exc_info=exc)
    return Status(grpc.StatusCode.INTERNAL, f"internal error (request id {request_id})", tuple(trailing))
