"""The processor's gRPC server (ext_proc and health on one port) and its command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
from collections.abc import Sequence

import grpc
from envoy.service.ext_proc.v3 import external_processor_pb2 as ep
from envoy.service.ext_proc.v3 import external_processor_pb2_grpc as ep_grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from verdict.serving.ext_proc.checkers import Checker, RemoteChecker
from verdict.serving.ext_proc.processor import ExternalProcessor
from verdict.serving.ext_proc.settings import ExtProcSettings, parse_args, settings_of

log = logging.getLogger("verdict.ext_proc")

SERVICE_NAME = ep.DESCRIPTOR.services_by_name["ExternalProcessor"].full_name


class ExtProcServer:
    def __init__(self, settings: ExtProcSettings, *, checker: Checker | None = None) -> None:
        self.settings = settings
        self.checker = checker or RemoteChecker(settings)
        self._health = health.aio.HealthServicer()
        self.server: grpc.aio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        server = grpc.aio.server()
        ep_grpc.add_ExternalProcessorServicer_to_server(
            ExternalProcessor(self.checker, self.settings), server
        )
        health_pb2_grpc.add_HealthServicer_to_server(self._health, server)
        self.port = server.add_insecure_port(f"{self.settings.host}:{self.settings.port}")
        await server.start()
        self.server = server
        for name in ("", SERVICE_NAME):
            await self._health.set(name, health_pb2.HealthCheckResponse.SERVING)
        log.info(
            "ext_proc on %s:%d verdict=%s fail_%s",
            self.settings.host,
            self.port,
            self.settings.verdict_address,
            "open" if self.settings.fail_open else "closed",
        )

    async def stop(self, grace: float | None = 5.0) -> None:
        if self.server is None:
            return
        await self._health.enter_graceful_shutdown()
        await self.server.stop(grace)
        await self.checker.close()
        self.server = None


async def serve(settings: ExtProcSettings) -> None:
    import signal

    server = ExtProcServer(settings)
    await server.start()
    print(
        f"verdict ext_proc listening on {settings.host}:{server.port}, verdict at {settings.verdict_address}, "
        f"fail-{'open' if settings.fail_open else 'closed'}",
        flush=True,
    )
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    await stop.wait()
    await server.stop()


def main(argv: Sequence[str] | None = None) -> int:
    return _run(parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """`verdict ext-proc`: the same flags as `python -m verdict.serving.ext_proc`."""
    return _run(settings_of(args))


def _run(settings: ExtProcSettings) -> int:
    logging.basicConfig(
        level=os.environ.get("VERDICT_EXT_PROC_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    log.info(
        "settings %s",
        json.dumps(
            {
                **{k: getattr(settings, k) for k in settings.__dataclass_fields__},
                "api_key": "***" if settings.api_key else None,
            },
            sort_keys=True,
        ),
    )
    asyncio.run(serve(settings))
    return 0
