"""`verdict serve`: the gRPC verdict API on a model from the model repository.

    verdict serve                                   # models/verdict/<newest>, 0.0.0.0:50051, metrics :9464
    verdict serve --device cpu --port 6000 --config serve.yaml

Settings come from defaults < --config YAML < VERDICT_* environment < flags (serving.settings).
SIGTERM/SIGINT drain gracefully; SIGHUP reloads the newest model version.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
from pathlib import Path
from typing import Any

log = logging.getLogger("verdict.serving")

# flag -> settings field; flags default to None so the file and environment are not overridden.
_FLAGS = ("repository", "model", "version", "device", "host", "port", "metrics_port", "policy_dir",
          "tls_cert", "tls_key", "tls_client_ca", "api_keys_file", "max_text_chars", "log_level")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="YAML settings file (fields of serving.settings.Settings)")
    parser.add_argument("--repository", type=Path, help="model repository (default: models)")
    parser.add_argument("--model", help="model name in the repository (default: verdict)")
    parser.add_argument("--version", help="model version (default: the highest present)")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), help="inference device (default: auto)")
    parser.add_argument("--host", help="listen address (default: 0.0.0.0)")
    parser.add_argument("--port", type=int, help="gRPC port (default: 50051; 0 picks a free one)")
    parser.add_argument("--metrics-port", type=int, help="Prometheus /metrics port (default: 9464)")
    parser.add_argument("--policy-dir", type=Path, help="directory of <tenant>.yaml policies (default: shipped policy)")
    parser.add_argument("--tls-cert", type=Path, help="server certificate (PEM); enables TLS")
    parser.add_argument("--tls-key", type=Path, help="server private key (PEM)")
    parser.add_argument("--tls-client-ca", type=Path, help="CA for client certificates; enables mutual TLS")
    parser.add_argument("--api-keys-file", type=Path, help="YAML of sha256(key) -> tenant")
    parser.add_argument("--max-text-chars", type=int, help="longest text accepted (default: 200000)")
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING (default: INFO)")


def run(args: argparse.Namespace) -> int:
    from classifier.errors import ConfigError
    from serving.settings import Settings

    try:
        settings = Settings.load(file=args.config, **{name: getattr(args, name, None) for name in _FLAGS})
    except ConfigError as exc:
        print(f"verdict serve: {exc}")
        return 2
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    log.info("settings %s", json.dumps(settings.masked(), sort_keys=True))
    try:
        return asyncio.run(serve(settings))
    except ConfigError as exc:
        print(f"verdict serve: {exc}")
        return 2


async def serve(settings: Any) -> int:
    from serving.server import VerdictServer, repository_loader

    decide, policy_version = policy_decider(settings.policy_dir)
    server = VerdictServer(settings, loader=repository_loader(settings, make_backend), decide=decide,
                           policy_version=policy_version)
    await server.start()
    if settings.metrics_port is not None:
        import prometheus_client

        prometheus_client.start_http_server(settings.metrics_port, addr=settings.host)
    model = server.engine.model
    security = "mTLS" if settings.tls_client_ca else "TLS" if settings.tls else "plaintext"
    metrics = f", metrics on http://{settings.host}:{settings.metrics_port}/metrics" if settings.metrics_port is not None else ""
    print(f"verdict listening on {settings.host}:{server.port} ({security}), backend {model.backend_name}, "
          f"model {model.version}, policy {policy_version() or 'default'}{metrics}", flush=True)

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    reloads: set[asyncio.Task] = set()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    def on_hup() -> None:
        task = loop.create_task(server.reload())
        reloads.add(task)
        task.add_done_callback(reloads.discard)

    loop.add_signal_handler(signal.SIGHUP, on_hup)
    await stop.wait()
    print("verdict draining...", flush=True)
    await server.stop()
    return 0


def make_backend(manifest: Any, device: str) -> Any:
    """ONNX Runtime: TensorRT → CUDA → CPU providers for `auto`, CPU only for `cpu`, a GPU required for `cuda`."""
    from classifier.errors import ConfigError
    from serving.backends.onnx import GPU_PROVIDERS, OnnxBackend, select_providers

    providers = select_providers()
    if device == "cpu":
        providers = ["CPUExecutionProvider"]
    elif device == "cuda" and providers[0] not in GPU_PROVIDERS:
        raise ConfigError("--device cuda but onnxruntime has no GPU provider (install onnxruntime-gpu)", field="device")
    return OnnxBackend(manifest, providers=providers)


def policy_decider(policy_dir: Path | None):
    """(decide, policy_version) from a directory of tenant policies, or the shipped default policy."""
    from classifier.policy.registry import DEFAULT_TENANT, PolicyRegistry

    if policy_dir is None:
        engine = PolicyRegistry.shipped_default()

        def decide_default(analysis, *, tenant: str, route: str, model_version: str):
            return engine.decide(analysis, tenant=tenant or DEFAULT_TENANT, route=route, model_version=model_version)

        return decide_default, lambda: engine.version
    registry = PolicyRegistry(policy_dir)

    def decide(analysis, *, tenant: str, route: str, model_version: str):
        tenant = tenant or DEFAULT_TENANT
        return registry.engine_for(tenant).decide(analysis, tenant=tenant, route=route, model_version=model_version)

    return decide, lambda: ",".join(f"{t}@{p.version}" for t, p in sorted(registry.policies().items()))
