"""One error hierarchy for verdict; `verdict/serving/errors.py` maps it to gRPC status codes in one place.

VerdictError
├── InputError          bad request input: names the field and the limit      -> INVALID_ARGUMENT
├── AuthError           missing/unknown API key (PermissionError: wrong tenant) -> UNAUTHENTICATED
│   └── PermissionDeniedError                                                  -> PERMISSION_DENIED
├── OverloadedError     queue full; carries a retry hint                        -> RESOURCE_EXHAUSTED
├── DeadlineError       the client's deadline passed before inference           -> DEADLINE_EXCEEDED
├── ModelError          backend failed and no fallback could answer             -> UNAVAILABLE
├── AuditUnavailableError  the verdict's audit record is not durable (fail-closed) -> UNAVAILABLE
└── ConfigError         bad policy / settings / manifest; names file, line, field (load time)
"""

from __future__ import annotations


class VerdictError(Exception):
    """Base of every error verdict raises on purpose."""


class InputError(VerdictError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class AuthError(VerdictError):
    pass


class PermissionDeniedError(AuthError):
    pass


class OverloadedError(VerdictError):
    def __init__(self, message: str, *, retry_after_ms: int, reason: str = "overload") -> None:
        super().__init__(message)
        self.retry_after_ms = retry_after_ms
        self.reason = reason  # "overload", or "deadline": refused because its deadline cannot be met


class DeadlineError(VerdictError):
    pass


class ModelError(VerdictError):
    pass


class AuditUnavailableError(VerdictError):
    """A verdict withheld because its audit record could not be made durable in time (fail-closed)."""


class ConfigError(VerdictError):
    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, field: str | None = None
    ) -> None:
        where = ":".join(str(p) for p in (file, line) if p is not None)
        prefix = f"{where}: " if where else ""
        at = f"{field}: " if field else ""
        super().__init__(f"{prefix}{at}{message}")
        self.file, self.line, self.field = file, line, field
