"""locust against any verdict deployment: gRPC users that report to locust's stats like its HTTP users.

    locust -f benchmarks/locustfile.py --headless -u 50 -r 10 -t 2m --host grpc://verdict.internal:50051
    VERDICT_MAX_P99_MS=20 VERDICT_MAX_ERROR_RATE=0.001 locust -f benchmarks/locustfile.py --headless ...

Users (request_type "grpc", name = the RPC):
  UnaryUser   Classify, one text per call
  BatchUser   ClassifyBatch, 8-32 texts per call
  StreamUser  ClassifyStream, a text sent in LLM-sized chunks (a few words each), optionally paced
Texts come from the benchmark corpus (benchmarks/corpus.py: mixed lengths, PII, secrets, topic
violations, prompt leaks, clean text), or from --verdict-corpus JSONL ({"text": ...} lines).

Options (flag, or environment variable):
  --host grpc://H:P | grpcs://H:P     (or VERDICT_ADDRESS=H:P; grpcs or a CA means TLS)
  --verdict-ca PATH                   VERDICT_CA           CA bundle that signed the server certificate
  --verdict-api-key KEY               VERDICT_API_KEY      sent as "authorization: Bearer KEY"
  --verdict-tenant / --verdict-route  VERDICT_TENANT / VERDICT_ROUTE
  --verdict-weights unary=6,batch=1,stream=1               VERDICT_WEIGHTS
  --verdict-corpus PATH               VERDICT_CORPUS       JSONL texts (default: generated, seeded)
  --verdict-bucket N                  VERDICT_BUCKET       only texts of this length bucket (e.g. 40)
  --verdict-chunk-delay-ms MS         VERDICT_CHUNK_DELAY_MS  pause between stream chunks (default 0)
  --verdict-max-p99-ms MS             VERDICT_MAX_P99_MS   pass/fail: exit 1 when p99 is above
  --verdict-max-error-rate R          VERDICT_MAX_ERROR_RATE  pass/fail: exit 1 when errors/requests > R
With either limit set, the exit code is decided by them alone (0 pass, 1 fail).
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import gevent
import grpc
import grpc.experimental.gevent as grpc_gevent
from locust import User, events, task

from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc as pb_grpc

grpc_gevent.init_gevent()  # before any channel: gRPC's blocking calls must yield to locust's greenlets

WORDS_PER_CHUNK = (2, 6)
_TEXTS: list[tuple[str, str]] = []  # (text, system_prompt)


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    env = os.environ.get
    parser.add_argument("--verdict-ca", default=env("VERDICT_CA", ""), help="CA bundle (PEM) for TLS")
    parser.add_argument("--verdict-api-key", default=env("VERDICT_API_KEY", ""), help="API key (Bearer)")
    parser.add_argument("--verdict-tenant", default=env("VERDICT_TENANT", ""))
    parser.add_argument("--verdict-route", default=env("VERDICT_ROUTE", "locust"))
    parser.add_argument("--verdict-weights", default=env("VERDICT_WEIGHTS", "unary=6,batch=1,stream=1"))
    parser.add_argument("--verdict-corpus", default=env("VERDICT_CORPUS", ""), help='JSONL of {"text": ...}')
    parser.add_argument("--verdict-bucket", type=int, default=int(env("VERDICT_BUCKET", "0")))
    parser.add_argument(
        "--verdict-chunk-delay-ms", type=float, default=float(env("VERDICT_CHUNK_DELAY_MS", "0"))
    )
    parser.add_argument("--verdict-max-p99-ms", type=float, default=_float(env("VERDICT_MAX_P99_MS")))
    parser.add_argument("--verdict-max-error-rate", type=float, default=_float(env("VERDICT_MAX_ERROR_RATE")))


def _float(value: str | None) -> float | None:
    return float(value) if value else None


@events.init.add_listener
def _init(environment, **_kwargs) -> None:
    options = environment.parsed_options
    if options is None:
        return
    weights = dict(part.split("=") for part in options.verdict_weights.split(",") if part)
    for cls, key in ((UnaryUser, "unary"), (BatchUser, "batch"), (StreamUser, "stream")):
        cls.weight = max(
            1, int(weights.get(key, 1))
        )  # exclude a user by naming the others on the command line
    _TEXTS[:] = _load_texts(options.verdict_corpus, options.verdict_bucket)


def _load_texts(path: str, bucket: int) -> list[tuple[str, str]]:
    if path:
        rows = [
            json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        rows = [r for r in rows if not bucket or r.get("meta", {}).get("bucket") == bucket]
        return [(r["text"], r.get("system_prompt") or "") for r in rows]
    from benchmarks.corpus import build

    examples = build(
        1000, seed=int(os.environ.get("VERDICT_SEED", "7")), **({"buckets": {bucket: 1.0}} if bucket else {})
    )
    return [(e.text, e.system_prompt or "") for e in examples]


@events.quitting.add_listener
def _pass_fail(environment, **_kwargs) -> None:
    options = environment.parsed_options
    if options is None or (options.verdict_max_p99_ms is None and options.verdict_max_error_rate is None):
        return
    total = environment.stats.total
    p99 = total.get_response_time_percentile(0.99) or 0.0
    failures = []
    if total.num_requests == 0:
        failures.append("no requests completed")
    if options.verdict_max_p99_ms is not None and p99 > options.verdict_max_p99_ms:
        failures.append(f"p99 {p99:.1f} ms > {options.verdict_max_p99_ms} ms")
    if options.verdict_max_error_rate is not None and total.fail_ratio > options.verdict_max_error_rate:
        failures.append(f"error rate {total.fail_ratio:.4f} > {options.verdict_max_error_rate}")
    environment.process_exit_code = 1 if failures else 0
    verdict = "FAIL: " + "; ".join(failures) if failures else "PASS"
    print(
        f"verdict load test {verdict} (requests {total.num_requests}, p99 {p99:.1f} ms, "
        f"errors {total.fail_ratio:.4f})",
        flush=True,
    )


class VerdictUser(User):
    """A gRPC channel per user; every call is reported through `events.request`."""

    abstract = True

    def __init__(self, environment) -> None:
        super().__init__(environment)
        options = environment.parsed_options
        host = self.host or os.environ.get("VERDICT_ADDRESS", "127.0.0.1:50051")
        scheme, _, address = host.rpartition("://")
        ca = getattr(options, "verdict_ca", "")
        if scheme == "grpcs" or ca:
            credentials = grpc.ssl_channel_credentials(Path(ca).read_bytes() if ca else None)
            self.channel = grpc.secure_channel(address, credentials)
        else:
            self.channel = grpc.insecure_channel(address)
        self.stub = pb_grpc.VerdictStub(self.channel)
        key = getattr(options, "verdict_api_key", "")
        self.metadata = (("authorization", f"Bearer {key}"),) if key else ()
        self.tenant = getattr(options, "verdict_tenant", "")
        self.route = getattr(options, "verdict_route", "locust")
        self.chunk_delay_s = getattr(options, "verdict_chunk_delay_ms", 0.0) / 1000.0
        self.rng = random.Random()

    def on_stop(self) -> None:
        self.channel.close()

    def text(self) -> tuple[str, str]:
        return self.rng.choice(_TEXTS)

    def call(self, name: str, fn) -> None:
        started = time.perf_counter()
        length, exception = 0, None
        try:
            length = fn()
        except grpc.RpcError as exc:
            exception = exc
        self.environment.events.request.fire(
            request_type="grpc",
            name=name,
            response_time=(time.perf_counter() - started) * 1000.0,
            response_length=length,
            exception=exception,
            context={"tenant": self.tenant, "route": self.route},
        )


class UnaryUser(VerdictUser):
    weight = 6

    @task
    def classify(self) -> None:
        text, system_prompt = self.text()
        request = pb.ClassifyRequest(
            text=text, system_prompt=system_prompt, tenant=self.tenant, route=self.route
        )
        self.call(
            "Classify", lambda: self.stub.Classify(request, metadata=self.metadata, timeout=30).ByteSize()
        )


class BatchUser(VerdictUser):
    weight = 1

    @task
    def classify_batch(self) -> None:
        items = [
            pb.ClassifyRequest(text=t, system_prompt=p)
            for t, p in (self.text() for _ in range(self.rng.randint(8, 32)))
        ]
        request = pb.ClassifyBatchRequest(items=items, tenant=self.tenant, route=self.route)
        self.call(
            "ClassifyBatch",
            lambda: self.stub.ClassifyBatch(request, metadata=self.metadata, timeout=60).ByteSize(),
        )


class StreamUser(VerdictUser):
    weight = 1

    @task
    def classify_stream(self) -> None:
        text, system_prompt = self.text()
        self.call("ClassifyStream", lambda: self._stream(text, system_prompt))

    def _stream(self, text: str, system_prompt: str) -> int:
        def requests():
            yield pb.StreamRequest(
                config=pb.StreamConfig(tenant=self.tenant, route=self.route, system_prompt=system_prompt)
            )
            for chunk in llm_chunks(text, self.rng):
                if self.chunk_delay_s:
                    gevent.sleep(self.chunk_delay_s)
                yield pb.StreamRequest(chunk=chunk)

        return sum(
            r.ByteSize() for r in self.stub.ClassifyStream(requests(), metadata=self.metadata, timeout=60)
        )


def llm_chunks(text: str, rng: random.Random) -> list[str]:
    """Split like an LLM stream: a few words (with their whitespace) per chunk; chunks join to `text`."""
    words = text.split(" ")
    chunks, i = [], 0
    while i < len(words):
        n = rng.randint(*WORDS_PER_CHUNK)
        chunks.append(" ".join(words[i : i + n]) + (" " if i + n < len(words) else ""))
        i += n
    return chunks
