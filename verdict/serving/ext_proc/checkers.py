"""The classification seam: `Checker`, with `RemoteChecker` (a verdict server, through
verdict.serving.client.AsyncVerdictClient, forwarding the caller's x-api-key) and `EngineChecker` (an
in-process verdict.serving.engine.Engine)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterable, AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from verdict.governance.policy.actions import Action
from verdict.serving import sse
from verdict.serving.client import AsyncVerdictClient
from verdict.serving.ext_proc.settings import ExtProcSettings

if TYPE_CHECKING:
    from verdict.serving.engine import Engine


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
