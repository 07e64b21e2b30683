"""Per-request stage timings: carried by every response (and audit record) and read back by the client."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Timings:
    queue_ms: float = 0.0
    inference_ms: float = 0.0
    tokenize_ms: float = 0.0
    decode_ms: float = 0.0
    policy_ms: float = 0.0
    total_ms: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in self.__slots__}
