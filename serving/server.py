"""Build, start and stop the verdict gRPC server; hot-reload model versions without dropping requests.

    VerdictServer(settings, loader=...).start()  →  listening; health SERVING
    reload(version)   load + warm the new model in a thread, swap it in atomically, drain the old batcher
                      (triggered by the Reload RPC, SIGHUP, or a new version dir in the repository)
    stop(grace)       health NOT_SERVING, refuse new calls, finish in-flight ones, drain the batcher

Health: "" and "verdict.v1.Verdict" say whether the server serves; "verdict.v1.Verdict.backend" is
NOT_SERVING while the preferred backend has failed and a fallback answers (degraded).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from classifier.errors import ConfigError
from classifier.manifest import resolve_model_dir
from serving._proto import verdict_pb2, verdict_pb2_grpc
from serving.batcher import Batcher
from serving.engine import Decide, Engine, Limits, Model, Outcome, Request, default_decide
from serving.interceptors import LatencyObserver, VerdictInterceptor
from serving.security import ApiKeys, server_credentials
from serving.service import ReloadOutcome, StreamDefaults, VerdictServicer
from serving.settings import Settings

log = logging.getLogger("verdict.serving")

SERVICE_NAME = verdict_pb2.DESCRIPTOR.services_by_name["Verdict"].full_name
BACKEND_HEALTH = f"{SERVICE_NAME}.backend"


@dataclass(frozen=True, slots=True)
class Loaded:
    """A model version built, loaded and warmed (in a worker thread), not yet serving."""

    version: str  # "<name>/<version>"
    analyzer: Any
    backend: Any
    manifest: Any = None


Loader = Callable[[str | None], Loaded]  # version (None: the newest) -> Loaded; blocking


def repository_loader(settings: Settings, make_backend: Callable[[Any, str], Any]) -> Loader:
    """Load versions from the model repository through their manifests."""

    def load(version: str | None) -> Loaded:
        from classifier.analyzer import Analyzer

        path = resolve_model_dir(settings.repository, settings.model, version)
        analyzer = Analyzer.from_model_dir(path, max_chars=settings.max_text_chars)
        backend = make_backend(analyzer.manifest, settings.device)
        backend.load()
        backend.warmup()
        return Loaded(analyzer.manifest.model_version, analyzer, backend, analyzer.manifest)

    return load


class VerdictServer:
    def __init__(
        self,
        settings: Settings,
        *,
        loader: Loader,
        decide: Decide = default_decide,
        on_verdict: Callable[[Request, Outcome], None] | None = None,
        observe: LatencyObserver | None = None,
        policy_version: Callable[[], str] = lambda: "",
    ) -> None:
        self.settings = settings
        self._loader, self._decide, self._on_verdict, self._observe = loader, decide, on_verdict, observe
        self._policy_version = policy_version
        self._executor = ThreadPoolExecutor(max_workers=settings.prepare_workers, thread_name_prefix="verdict-prepare")
        self._health = health.aio.HealthServicer()
        self._reload_lock = asyncio.Lock()
        self._degraded = False
        self._tasks: set[asyncio.Task] = set()
        self._watch: asyncio.Task | None = None
        self.engine: Engine | None = None
        self.server: grpc.aio.Server | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        s = self.settings
        keys = ApiKeys.load(file=s.api_keys_file, env_value=s.api_keys.get_secret_value() if s.api_keys else None)
        credentials = server_credentials(s.tls_cert, s.tls_key, s.tls_client_ca)
        loaded = await asyncio.get_running_loop().run_in_executor(self._executor, self._loader, s.version)
        limits = Limits(max_text_chars=s.max_text_chars, max_batch_items=s.max_batch_items,
                        max_system_prompt_chars=s.max_system_prompt_chars)
        self.engine = Engine(self._model(loaded), limits=limits, decide=self._decide, on_verdict=self._verdict, executor=self._executor)
        server = grpc.aio.server(
            interceptors=[VerdictInterceptor(keys, observe=self._observe)],
            options=[("grpc.max_receive_message_length", s.max_message_bytes),
                     ("grpc.max_send_message_length", s.max_message_bytes)],
        )
        stream = StreamDefaults(s.stream_holdback_chars, s.stream_context_chars, s.max_holdback_chars)
        servicer = VerdictServicer(self.engine, reload=self._reload_rpc, stream=stream, policy_version=self._policy_version)
        verdict_pb2_grpc.add_VerdictServicer_to_server(servicer, server)
        health_pb2_grpc.add_HealthServicer_to_server(self._health, server)
        reflection.enable_server_reflection(
            (SERVICE_NAME, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME), server
        )
        address = f"{s.host}:{s.port}"
        self.port = server.add_secure_port(address, credentials) if credentials else server.add_insecure_port(address)
        await server.start()
        self.server = server
        for name in ("", SERVICE_NAME, BACKEND_HEALTH):
            await self._health.set(name, health_pb2.HealthCheckResponse.SERVING)
        await self._set_degraded(self.engine.model.degraded)
        if s.watch_interval_s > 0:
            self._watch = asyncio.create_task(self._watch_repository(), name="verdict-model-watch")
        log.info("serving on %s:%d (%s) model=%s backend=%s api_keys=%d",
                 s.host, self.port, "mTLS" if s.tls_client_ca else "TLS" if credentials else "plaintext",
                 self.engine.model.version, self.engine.model.backend_name, len(keys))

    async def stop(self, grace: float | None = None) -> None:
        """Graceful drain: health says NOT_SERVING, new calls are refused, in-flight calls finish."""
        if self.server is None:
            return
        if self._watch is not None:
            self._watch.cancel()
        await self._health.enter_graceful_shutdown()
        await self.server.stop(self.settings.drain_timeout_s if grace is None else grace)
        if self.engine is not None:
            await self.engine.close()
        self._executor.shutdown(wait=False)
        self.server = None

    async def wait_for_termination(self) -> None:
        if self.server is not None:
            await self.server.wait_for_termination()

    # -- hot reload -----------------------------------------------------------------------------

    async def reload(self, version: str | None = None) -> ReloadOutcome:
        """Load + warm `version` (None: the newest) off the loop, swap it in, drain the old model."""
        async with self._reload_lock:
            loaded = await asyncio.get_running_loop().run_in_executor(self._executor, self._loader, version)
            new = self._model(loaded)
            old = await self.engine.swap(new)
            await self._set_degraded(new.degraded)
            log.info("reloaded model %s -> %s backend=%s", old.version, new.version, new.backend_name)
            return ReloadOutcome(old.version, new.version, new.backend_name)

    async def _reload_rpc(self, version: str | None, retry_gpu: bool) -> ReloadOutcome:
        # A fresh load builds a fresh backend, which tries the preferred (GPU) backend again.
        return await self.reload(version or (self.engine.model.manifest.version if retry_gpu and self.engine.model.manifest else None))

    async def _watch_repository(self) -> None:
        while True:
            await asyncio.sleep(self.settings.watch_interval_s)
            if self.settings.version is not None:
                continue  # a pinned version is never replaced behind the operator's back
            try:
                newest = await asyncio.to_thread(_newest_version, self.settings)
                if newest is not None and newest != self.engine.model.version:
                    await self.reload(None)
            except Exception:  # noqa: BLE001 - a bad new version must not stop the server
                log.exception("model watch: reload failed; the current model keeps serving")

    # -- internals ------------------------------------------------------------------------------

    def _model(self, loaded: Loaded) -> Model:
        s = self.settings
        batcher = Batcher(loaded.backend.predict, max_batch_tokens=s.max_batch_tokens, max_batch_size=s.max_batch_size,
                          max_delay_ms=s.max_delay_ms, max_queue=s.max_queue)
        batcher.start()
        return Model(version=loaded.version, analyzer=loaded.analyzer, backend=loaded.backend, batcher=batcher, manifest=loaded.manifest)

    def _verdict(self, request: Request, outcome: Outcome) -> None:
        if outcome.degraded != self._degraded:
            task = asyncio.get_running_loop().create_task(self._set_degraded(outcome.degraded))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if self._on_verdict is not None:
            self._on_verdict(request, outcome)

    async def _set_degraded(self, degraded: bool) -> None:
        if degraded != self._degraded:
            log.warning("backend %s", "degraded: a fallback answers" if degraded else "restored")
        self._degraded = degraded
        status = health_pb2.HealthCheckResponse.NOT_SERVING if degraded else health_pb2.HealthCheckResponse.SERVING
        await self._health.set(BACKEND_HEALTH, status)

    @property
    def degraded(self) -> bool:
        return self._degraded


def _newest_version(settings: Settings) -> str | None:
    try:
        path = resolve_model_dir(settings.repository, settings.model)
    except ConfigError:
        return None
    return f"{settings.model}/{Path(path).name}"
