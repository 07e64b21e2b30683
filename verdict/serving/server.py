"""Build, start and stop the verdict gRPC server; hot-reload models and policies without dropping requests.

    VerdictServer(settings, loader=...).start()  →  listening; health SERVING; /metrics if metrics_port
    reload(version)    load + warm the new model in a thread, swap it in atomically, drain the old batcher
                       (the Reload RPC, SIGHUP, or a new version dir in the repository)
    reload_policies()  re-read the tenant policies (the Reload RPC, SIGHUP, or policy polling)
    stop(grace)        health NOT_SERVING, refuse new calls, finish in-flight ones, drain the batcher,
                       flush the audit sink

Per server: one Metrics registry, one Policies, one Auditor (AuditSink). Every final verdict goes
through `_on_verdict`: request and stage metrics, then the audit record, which the response waits for
(durable before released: serving/auditing.py). Opening the sink writes a `start` record; a request
the interceptor refuses (auth, overload, deadline, bad input) leaves a `refusal` record (`_on_refused`).

Health: "" and "verdict.v1.Verdict" say whether the server serves; "verdict.v1.Verdict.backend" is
NOT_SERVING while the preferred backend has failed and a fallback answers (degraded);
"verdict.v1.Verdict.audit" is NOT_SERVING while the audit store is unavailable (records are buffered;
requests are refused with UNAVAILABLE after `audit_release_timeout_s`, or answered where
`audit_fail_open`, the tenant's policy's or else the server's, says so). A monitor task re-reads both
every `health_interval_s` and, while degraded, tries the preferred backend again every
`retry_primary_interval_s`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from prometheus_client import start_http_server

from verdict.runtime.errors import ConfigError
from verdict.runtime.manifest import resolve_model_dir
from verdict.serving._proto import verdict_pb2, verdict_pb2_grpc
from verdict.serving.auditing import Auditor, Refusal
from verdict.serving.batcher import Batcher
from verdict.serving.engine import Engine, Limits, Model, Outcome
from verdict.serving.interceptors import VerdictInterceptor, current_call
from verdict.serving.metrics import BatcherMetrics, FallbackMetrics, Metrics
from verdict.serving.policies import Policies
from verdict.serving.security import ApiKeys, anonymous_admin, is_loopback, server_credentials
from verdict.serving.service import ReloadOutcome, StreamDefaults, VerdictServicer
from verdict.serving.settings import Settings

log = logging.getLogger("verdict.serving")

SERVICE_NAME = verdict_pb2.DESCRIPTOR.services_by_name["Verdict"].full_name
BACKEND_HEALTH = f"{SERVICE_NAME}.backend"
AUDIT_HEALTH = f"{SERVICE_NAME}.audit"
_SERVING, _NOT_SERVING = health_pb2.HealthCheckResponse.SERVING, health_pb2.HealthCheckResponse.NOT_SERVING


@dataclass(frozen=True, slots=True)
class Loaded:
    """A model version built, loaded and warmed (in a worker thread), not yet serving."""

    version: str  # "<name>/<version>"
    analyzer: Any
    backend: Any
    manifest: Any = None


Loader = Callable[[str | None], Loaded]  # version (None: the newest) -> Loaded; blocking


def repository_loader(settings: Settings, metrics: Metrics) -> Loader:
    """Load versions from the model repository through their manifests, on the backend `device` picks
    (GPU ones wrapped in a CPU fallback that reports its switches to `metrics`)."""

    def load(version: str | None) -> Loaded:
        from verdict.runtime.analyzer import Analyzer
        from verdict.runtime.backends.select import build_backend

        path = resolve_model_dir(settings.repository, settings.model, version)
        analyzer = Analyzer.from_model_dir(path, max_chars=settings.max_text_chars)
        backend = build_backend(
            analyzer.manifest,
            settings.device,
            variant=settings.variant,
            threads=settings.inference_threads,
            triton_url=settings.triton_url,
            fallback=True,
            observer=FallbackMetrics(metrics),
        )
        backend.load()
        backend.warmup()
        analyzer.warm(backend)
        return Loaded(analyzer.manifest.model_version, analyzer, backend, analyzer.manifest)

    return load


class VerdictServer:
    def __init__(
        self, settings: Settings, *, loader: Loader | None = None, metrics: Metrics | None = None
    ) -> None:
        self.settings = settings
        self.metrics = metrics or Metrics()
        self._loader = loader or repository_loader(settings, self.metrics)
        self._executor = ThreadPoolExecutor(
            max_workers=settings.prepare_workers, thread_name_prefix="verdict-prepare"
        )
        self._health = health.aio.HealthServicer()
        self._reload_lock = asyncio.Lock()
        self._degraded = False
        self._tasks: set[asyncio.Task] = set()
        self._http: Any = None
        self.policies: Policies | None = None
        self.auditor: Auditor | None = None
        self.engine: Engine | None = None
        self.server: grpc.aio.Server | None = None
        self.port = 0
        self.metrics_port: int | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind both ports first: a port another process holds is a ConfigError before anything is
        loaded or written (no audit key generated, no database created)."""
        s = self.settings
        keys = ApiKeys.load(
            file=s.api_keys_file,
            env_value=s.api_keys.get_secret_value() if s.api_keys else None,
            anonymous_admin=anonymous_admin(s.host, allowed=s.allow_anonymous_admin),
        )
        credentials = server_credentials(s.tls_cert, s.tls_key, s.tls_client_ca)
        _warn_if_open(s, keys, credentials)
        server = grpc.aio.server(
            interceptors=[VerdictInterceptor(keys, metrics=self.metrics, on_refused=self._on_refused)],
            options=[
                ("grpc.max_receive_message_length", s.max_message_bytes),
                ("grpc.max_send_message_length", s.max_message_bytes),
                # gRPC sets SO_REUSEPORT by default: a second server on the same port would start and
                # take half the connections (and write half the verdicts to its own audit log).
                ("grpc.so_reuseport", 0),
            ],
        )
        self.port = _bind_grpc(server, s.host, s.port, credentials)
        try:
            if s.metrics_port is not None:
                self._http = _bind_metrics(s.host, s.metrics_port, self.metrics)
                self.metrics_port = self._http.server_port
            await self._start(server, keys, credentials)
        except BaseException:
            await server.stop(0)
            if self._http is not None:
                self._http.shutdown()
                self._http.server_close()
                self._http = None
            self._executor.shutdown(wait=False)
            raise

    async def _start(self, server: grpc.aio.Server, keys: ApiKeys, credentials: Any) -> None:
        s = self.settings
        self.policies = Policies.load(s.policy_dir, poll_interval_s=s.policy_poll_interval_s)
        loaded = await asyncio.get_running_loop().run_in_executor(self._executor, self._loader, s.version)
        self.auditor = Auditor.open(s, self.metrics)
        self.auditor.started(model_version=loaded.version, policy_version=self.policies.version)
        limits = Limits(
            max_text_chars=s.max_text_chars,
            max_batch_items=s.max_batch_items,
            max_system_prompt_chars=s.max_system_prompt_chars,
        )
        self.engine = Engine(
            self._model(loaded),
            policies=self.policies,
            limits=limits,
            on_verdict=self._on_verdict,
            executor=self._executor,
        )
        stream = StreamDefaults(s.stream_holdback_chars, s.stream_context_chars, s.max_holdback_chars)
        servicer = VerdictServicer(self.engine, reload=self._reload_rpc, stream=stream)
        verdict_pb2_grpc.add_VerdictServicer_to_server(servicer, server)
        health_pb2_grpc.add_HealthServicer_to_server(self._health, server)
        reflection.enable_server_reflection(
            (
                SERVICE_NAME,
                health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
                reflection.SERVICE_NAME,
            ),
            server,
        )
        await server.start()
        self.server = server
        for name in ("", SERVICE_NAME, BACKEND_HEALTH, AUDIT_HEALTH):
            await self._health.set(name, _SERVING)
        await self._check_health()
        self._spawn(self._monitor(), "verdict-monitor")
        if s.watch_interval_s > 0:
            self._spawn(self._watch_repository(), "verdict-model-watch")
        log.info(
            "serving on %s:%d (%s) model=%s backend=%s policy=%s audit=%s api_keys=%d",
            s.host,
            self.port,
            "mTLS" if s.tls_client_ca else "TLS" if credentials else "plaintext",
            self.engine.model.version,
            self.engine.model.backend_name,
            self.policies.version,
            self.auditor.where,
            len(keys),
        )

    async def stop(self, grace: float | None = None) -> bool:
        """Graceful drain: health says NOT_SERVING, new calls are refused, in-flight calls finish, the
        batcher drains and the audit sink commits what it holds. False when the audit store did not take
        every record within drain_timeout_s (they are logged as lost; `verdict serve` exits 1)."""
        if self.server is None:
            return True
        for task in list(self._tasks):
            task.cancel()
        await self._health.enter_graceful_shutdown()
        await self.server.stop(self.settings.drain_timeout_s if grace is None else grace)
        await self.engine.close()
        committed = await asyncio.to_thread(self.auditor.close, self.settings.drain_timeout_s)
        self.policies.close()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
        self._executor.shutdown(wait=False)
        self.server = None
        return committed

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
            await self._check_health()
            log.info("reloaded model %s -> %s backend=%s", old.version, new.version, new.backend_name)
            return ReloadOutcome(old.version, new.version, new.backend_name)

    async def reload_policies(self) -> str:
        await asyncio.to_thread(self.policies.reload)
        return self.policies.version

    async def retry_primary(self) -> bool:
        """Try the preferred (GPU) backend again; True when it answers from now on."""
        backend = self.engine.model.backend
        restored = (
            await asyncio.to_thread(backend.retry_primary) if hasattr(backend, "retry_primary") else True
        )
        await self._check_health()
        return restored

    async def _reload_rpc(self, version: str | None, retry_gpu: bool) -> ReloadOutcome:
        await self.reload_policies()
        if retry_gpu and version is None:
            model = self.engine.model
            await self.retry_primary()
            return ReloadOutcome(model.version, model.version, model.backend_name)
        return await self.reload(version)

    # -- background tasks -----------------------------------------------------------------------

    def _spawn(self, coro, name: str) -> None:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _monitor(self) -> None:
        last_retry = time.monotonic()
        while True:
            await asyncio.sleep(self.settings.health_interval_s)
            try:
                if self._degraded and time.monotonic() - last_retry >= self.settings.retry_primary_interval_s:
                    last_retry = time.monotonic()
                    await self.retry_primary()
                await self._check_health()
            except Exception:
                log.exception("health monitor")

    async def _watch_repository(self) -> None:
        while True:
            await asyncio.sleep(self.settings.watch_interval_s)
            if self.settings.version is not None:
                continue  # a pinned version is never replaced behind the operator's back
            try:
                newest = await asyncio.to_thread(_newest_version, self.settings)
                if newest is not None and newest != self.engine.model.version:
                    await self.reload(None)
            except Exception:
                log.exception("model watch: reload failed; the current model keeps serving")

    # -- internals ------------------------------------------------------------------------------

    def _model(self, loaded: Loaded) -> Model:
        s = self.settings
        batcher = Batcher(
            loaded.backend.predict,
            max_batch_tokens=s.max_batch_tokens,
            max_batch_size=s.max_batch_size,
            max_delay_ms=s.max_delay_ms,
            max_batch_ms=s.max_batch_ms,
            max_queue=s.max_queue,
            observer=BatcherMetrics(self.metrics),
        )
        batcher.start()
        model = Model(
            version=loaded.version,
            analyzer=loaded.analyzer,
            backend=loaded.backend,
            batcher=batcher,
            manifest=loaded.manifest,
        )
        self.metrics.set_backend(model.backend_name, degraded=model.degraded)
        return model

    def _on_verdict(self, outcome: Outcome) -> Awaitable[None]:
        verdict = outcome.verdict
        # The policy's tenant, not the requested name: with the default policy admitting unknown tenants,
        # a client-chosen label value would give the metric unbounded cardinality.
        self.metrics.count_request(
            current_call().method, verdict.enforced_action.value, outcome.scope.policy.tenant
        )
        timings = outcome.timings
        for stage, ms in (
            ("tokenize", timings.tokenize_ms),
            ("queue", timings.queue_ms),
            ("inference", timings.inference_ms),
            ("decode", timings.decode_ms),
            ("policy", timings.policy_ms),
            ("total", timings.total_ms),
        ):
            self.metrics.observe_stage(stage, ms)
        if outcome.degraded != self._degraded:
            self._spawn(self._check_health(), "verdict-health")
        return self.auditor.record(outcome)

    def _on_refused(self, refusal: Refusal) -> None:
        if self.auditor is not None:  # a call refused before the audit sink opened leaves no record
            self.auditor.refused(refusal)

    async def _check_health(self) -> None:
        degraded = self.engine.model.degraded
        if degraded != self._degraded:
            log.warning("backend %s", "degraded: a fallback answers" if degraded else "restored")
            self._degraded = degraded
        await self._health.set(BACKEND_HEALTH, _NOT_SERVING if degraded else _SERVING)
        audit = self.auditor.health()
        await self._health.set(AUDIT_HEALTH, _SERVING if audit.ok else _NOT_SERVING)
        self.metrics.audit_queue_depth.set(audit.buffered)

    @property
    def degraded(self) -> bool:
        return self._degraded


def _warn_if_open(s: Settings, keys: ApiKeys, credentials: Any) -> None:
    if is_loopback(s.host):
        return
    if not keys.enabled:
        log.warning(
            "listening on %s without API keys: anyone who reaches the port may classify as any tenant; "
            "admin calls (Reload) are %s",
            s.host,
            "ALLOWED to anyone (--allow-anonymous-admin)" if s.allow_anonymous_admin else "refused",
        )
    if credentials is None:
        log.warning("listening on %s without TLS: texts and verdicts cross the network in clear", s.host)


def _bind_grpc(server: grpc.aio.Server, host: str, port: int, credentials: Any) -> int:
    address = f"{host}:{port}"
    try:
        bound = (
            server.add_secure_port(address, credentials) if credentials else server.add_insecure_port(address)
        )
    except RuntimeError as exc:  # grpc raises "Failed to bind to address ..." (older releases return 0)
        bound = 0
        log.debug("bind %s: %s", address, exc)
    if not bound:
        raise ConfigError(
            f"cannot listen on {address}: the address is in use or not available on this host "
            "(another verdict server? pick another --port)",
            field="port",
        )
    return bound


def _bind_metrics(host: str, port: int, metrics: Metrics) -> Any:
    try:
        http, _ = start_http_server(port, addr=host, registry=metrics.registry)
    except OSError as exc:
        raise ConfigError(
            f"cannot serve /metrics on {host}:{port}: {exc.strerror or exc} "
            "(pick another --metrics-port, or 0 for a free one)",
            field="metrics_port",
        ) from exc
    return http


def _newest_version(settings: Settings) -> str | None:
    try:
        path = resolve_model_dir(settings.repository, settings.model)
    except ConfigError:
        return None
    return f"{settings.model}/{Path(path).name}"
