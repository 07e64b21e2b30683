"""`verdict serve`: the gRPC verdict API on a model from the model repository.

    verdict serve                                   # models/verdict/<newest>, 0.0.0.0:50051, metrics :9464
    verdict serve --device cpu --port 6000 --config serve.yaml

Settings come from defaults < --config YAML < VERDICT_* environment < flags (verdict.serving.settings).
SIGTERM/SIGINT drain gracefully (in-flight calls finish, the audit log is flushed); SIGHUP re-reads the
tenant policies and reloads the newest model version.

Exit status: 0 after a drain that committed every audit record; 1 when the audit store did not take
them all within drain_timeout_s (an operator's cue to look at the store: the log names the count);
2 for a settings, port or model error before serving.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
from pathlib import Path
from typing import Any

from verdict.governance.audit.stores import DEFAULT_PATH as DEFAULT_AUDIT_PATH
from verdict.runtime.backends.select import KINDS
from verdict.runtime.manifest import VARIANTS

log = logging.getLogger("verdict.serving")

# flag -> settings field; flags default to None so the file and environment are not overridden.
_FLAGS = (
    "repository",
    "model",
    "version",
    "device",
    "variant",
    "triton_url",
    "host",
    "port",
    "metrics_port",
    "policy_dir",
    "audit_path",
    "tls_cert",
    "tls_key",
    "tls_client_ca",
    "api_keys_file",
    "allow_anonymous_admin",
    "max_text_chars",
    "event_loop",
    "log_level",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", type=Path, help="YAML settings file (fields of verdict.serving.settings.Settings)"
    )
    parser.add_argument(
        "--repository",
        type=Path,
        help="model repository (default: $VERDICT_REPOSITORY, else ./models, else the installed shipped model)",
    )
    parser.add_argument("--model", help="model name in the repository (default: verdict)")
    parser.add_argument("--version", help="model version (default: the highest present)")
    parser.add_argument("--device", choices=KINDS, help="inference backend (default: auto)")
    parser.add_argument(
        "--variant",
        choices=VARIANTS,
        help="ONNX file to run (default: fp16 on a GPU, int8 on the CPU; int8 verdicts near a cut can differ "
        "by host, fp16 does not use those integer kernels)",
    )
    parser.add_argument(
        "--triton-url",
        help="with --device triton: the Triton server's host:port (default: $VERDICT_TRITON_URL)",
    )
    parser.add_argument("--host", help="listen address (default: 0.0.0.0)")
    parser.add_argument("--port", type=int, help="gRPC port (default: 50051; 0 picks a free one)")
    parser.add_argument("--metrics-port", type=int, help="Prometheus /metrics port (default: 9464)")
    parser.add_argument(
        "--policy-dir", type=Path, help="directory of <tenant>.yaml policies (default: shipped policy)"
    )
    parser.add_argument(
        "--audit-path", help=f"audit log: SQLite file or postgresql:// URL (default: {DEFAULT_AUDIT_PATH})"
    )
    parser.add_argument("--tls-cert", type=Path, help="server certificate (PEM); enables TLS")
    parser.add_argument("--tls-key", type=Path, help="server private key (PEM)")
    parser.add_argument("--tls-client-ca", type=Path, help="CA for client certificates; enables mutual TLS")
    parser.add_argument("--api-keys-file", type=Path, help="YAML of sha256(key) -> tenant")
    parser.add_argument(
        "--allow-anonymous-admin",
        action="store_true",
        default=None,
        help="without API keys, let anyone who reaches a non-loopback --host call Reload (default: only on loopback)",
    )
    parser.add_argument("--max-text-chars", type=int, help="longest text accepted (default: 200000)")
    parser.add_argument(
        "--event-loop",
        choices=("auto", "uvloop", "asyncio"),
        help="asyncio event loop (default: auto, uvloop when installed)",
    )
    parser.add_argument("--log-level", help="DEBUG, INFO, WARNING (default: INFO)")


def run(args: argparse.Namespace) -> int:
    from verdict.runtime.errors import ConfigError
    from verdict.serving import event_loop
    from verdict.serving.settings import Settings

    try:
        settings = Settings.load(file=args.config, **{name: getattr(args, name, None) for name in _FLAGS})
    except ConfigError as exc:
        print(f"verdict serve: {exc}")
        return 2
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    log.info("settings %s", json.dumps(settings.masked(), sort_keys=True))
    missing = _missing_model(settings)
    if missing is not None:
        print(
            f"verdict serve: {missing}\n{NO_MODEL_HINT.format(repository=settings.repository, model=settings.model)}"
        )
        return 2
    try:
        return event_loop.run(serve(settings), settings.event_loop)
    except ConfigError as exc:
        print(f"verdict serve: {exc}")
        return 2


# A fresh checkout may not have the trained model yet: say how to get one instead of a traceback.
NO_MODEL_HINT = (
    "No model to serve. Build one (needs the `train` extra): `verdict data build --out build/data`, then "
    "`verdict train` and `verdict export` into {repository}/{model}/<version>/; or point --repository "
    "(or VERDICT_REPOSITORY), --model and --version at an existing model repository."
)


def _missing_model(settings: Any) -> str | None:
    from verdict.runtime.errors import ConfigError
    from verdict.runtime.manifest import resolve_model_dir

    try:
        resolve_model_dir(settings.repository, settings.model, settings.version)
    except ConfigError as exc:
        return str(exc)
    return None


async def serve(settings: Any) -> int:
    from verdict.serving import event_loop
    from verdict.serving.server import VerdictServer

    server = VerdictServer(settings)
    await server.start()
    model = server.engine.model
    security = "mTLS" if settings.tls_client_ca else "TLS" if settings.tls else "plaintext"
    metrics = (
        f"http://{settings.host}:{server.metrics_port}/metrics" if server.metrics_port is not None else "off"
    )
    print(
        f"verdict listening on {settings.host}:{server.port} ({security})\n"
        f"  backend   {model.backend_name}{' (degraded)' if model.degraded else ''}\n"
        f"  model     {model.version}\n"
        f"  policy    {server.policies.version} ({server.policies.source})\n"
        f"  audit     {server.auditor.where}\n"
        f"  metrics   {metrics}\n"
        f"  loop      {event_loop.running_loop_name()}",
        flush=True,
    )

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    reloads: set[asyncio.Task] = set()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    async def reload_all() -> None:
        await server.reload_policies()
        await server.reload()

    def on_hup() -> None:
        task = loop.create_task(reload_all())
        reloads.add(task)
        task.add_done_callback(reloads.discard)

    loop.add_signal_handler(signal.SIGHUP, on_hup)
    await stop.wait()
    print("verdict draining...", flush=True)
    if not await server.stop():
        print(
            "verdict: the audit store did not take every record before shutdown (drain_timeout_s); "
            "the records not committed are named in the log",
            flush=True,
        )
        return 1
    return 0
