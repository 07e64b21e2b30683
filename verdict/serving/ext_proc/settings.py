"""The processor's one settings object, and the flags (over VERDICT_EXT_PROC_* variables) that build it."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import dataclass

from verdict.governance.policy.actions import BLOCK_STATUS

DESCRIPTION = (
    "An Envoy External Processing server that enforces verdicts on the upstream LLM's response body."
)


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
    p = argparse.ArgumentParser(prog="python -m verdict.serving.ext_proc", description=DESCRIPTION)
    add_arguments(p)
    return settings_of(p.parse_args(argv))
