"""The event loop `verdict serve` runs on: uvloop when it is installed, else asyncio's own.

    event_loop: auto      uvloop if importable, asyncio otherwise (the default)
                uvloop    uvloop, or ConfigError at start when it is not installed
                asyncio   the standard library loop

grpc.aio runs on either (its completion queue is polled on its own thread and handed to whatever loop
is running). uvloop's loop, handles and futures are Cython, which takes 2-3% off the server's CPU per
verdict on the closed-loop benchmark; nothing else changes. Tests run on pytest-asyncio's loop.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from verdict.runtime.errors import ConfigError

T = TypeVar("T")
CHOICES = ("auto", "uvloop", "asyncio")


def loop_factory(choice: str) -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop factory for `choice`, or None for asyncio's default loop."""
    if choice not in CHOICES:
        raise ConfigError(f"unknown event loop {choice!r}; one of {', '.join(CHOICES)}", field="event_loop")
    if choice == "asyncio":
        return None
    try:
        import uvloop
    except ImportError as exc:
        if choice == "uvloop":
            raise ConfigError(
                "event_loop is uvloop but uvloop is not installed (pip install uvloop)", field="event_loop"
            ) from exc
        return None
    return uvloop.new_event_loop


def running_loop_name() -> str:
    """ "uvloop" or "asyncio": the loop this coroutine runs on (for the start-up banner)."""
    return "uvloop" if type(asyncio.get_running_loop()).__module__.startswith("uvloop") else "asyncio"


def run(main: Coroutine[Any, Any, T], choice: str = "auto") -> T:
    """asyncio.run(main) on the loop `choice` names."""
    try:
        factory = loop_factory(choice)
    except ConfigError:
        main.close()  # never awaited: close it so Python does not warn
        raise
    if factory is None:
        return asyncio.run(main)
    if sys.version_info >= (3, 11):
        with asyncio.Runner(loop_factory=factory) as runner:
            return runner.run(main)
    loop = factory()  # Python 3.10: no Runner; the same steps by hand
    try:
        asyncio.set_event_loop(loop)
        return loop.run_until_complete(main)
    finally:
        asyncio.set_event_loop(None)
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
