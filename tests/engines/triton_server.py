"""A real Triton Inference Server serving one verdict model version, for the engine tests.

    <triton venv>/bin/python tests/engines/triton_server.py --model-dir models/verdict/13 \
        --grpc-port 8001 --http-port 8000 --metrics-port 8002

PyTriton (nvidia-pytriton) starts its bundled `tritonserver` and binds the model through Triton's Python
backend to ONNX Runtime running the version's int8 graph on the CPU, under the model name and version the
manifest gives and with Triton's dynamic batcher on. Clients see what a stock Triton serving
`models/verdict/config.pbtxt` exposes: inputs `input_ids` / `attention_mask` INT64 [batch, seq], outputs
`token_logits` FP32 [batch, seq, tags], `topic_logits`, `leak_logits`, `embedding` FP32 [batch, n].

The script runs in the triton venv (tests/engines/provision.py), which has no verdict dependencies, so it
reads the manifest as plain JSON. It prints `triton listening on 127.0.0.1:<grpc port>` once the model is
ready and serves until SIGTERM or SIGINT.

The Python backend's stub embeds the interpreter's libpython: `_stub_libraries` points the loader at this
interpreter's own, because the stub otherwise finds whichever `libpython3.X.so` the system has, and a
system 3.11.2 library running a pyenv 3.11.7 standard library fails with "'_thread.RLock' object has no
attribute '_recursion_count'".
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import sysconfig
import threading
from pathlib import Path

import numpy as np
import onnxruntime as ort
from pytriton.decorators import batch
from pytriton.model_config import DynamicBatcher, ModelConfig, Tensor
from pytriton.triton import Triton, TritonConfig

INPUTS = ("input_ids", "attention_mask")
OUTPUTS = ("token_logits", "topic_logits", "leak_logits", "embedding")

log = logging.getLogger("triton_server")


def _stub_libraries() -> None:
    """Put this interpreter's libpython first on the loader's path, for the Python backend's stub."""
    libdir = sysconfig.get_config_var("LIBDIR")
    if not sysconfig.get_config_var("Py_ENABLE_SHARED") or not libdir:
        raise SystemExit(f"{sys.executable} has no shared libpython; Triton's Python backend stub needs one")
    paths = [libdir, *filter(None, os.environ.get("LD_LIBRARY_PATH", "").split(":"))]
    os.environ["LD_LIBRARY_PATH"] = ":".join(dict.fromkeys(paths))


def _session(path: Path, threads: int) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    names = ([i.name for i in session.get_inputs()], [o.name for o in session.get_outputs()])
    if names != (list(INPUTS), list(OUTPUTS)):
        raise SystemExit(f"{path}: graph I/O {names}, expected {INPUTS} -> {OUTPUTS}")
    return session


def _infer(session: ort.InferenceSession):
    """Triton's dynamic batcher hands one batch of equally shaped requests; @batch stacks them."""

    @batch
    def infer(input_ids: np.ndarray, attention_mask: np.ndarray) -> dict[str, np.ndarray]:
        arrays = session.run(list(OUTPUTS), {"input_ids": input_ids, "attention_mask": attention_mask})
        log.debug("batch of %d windows x %d tokens", *input_ids.shape)
        return dict(zip(OUTPUTS, arrays))

    return infer


def _tensors(manifest: dict) -> tuple[list[Tensor], list[Tensor]]:
    """The KServe v2 signature of models/<name>/config.pbtxt; the batch dimension is implicit."""
    labels = manifest["labels"]
    inputs = [Tensor(name=name, dtype=np.int64, shape=(-1,)) for name in INPUTS]
    outputs = [
        Tensor(name="token_logits", dtype=np.float32, shape=(-1, len(labels["token_tags"]))),
        Tensor(name="topic_logits", dtype=np.float32, shape=(len(labels["topics"]),)),
        Tensor(name="leak_logits", dtype=np.float32, shape=(len(labels["leakage"]),)),
        Tensor(name="embedding", dtype=np.float32, shape=(int(manifest["hidden_size"]),)),
    ]
    return inputs, outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, required=True, help="a version dir: models/<name>/<n>")
    parser.add_argument("--variant", default="int8", help="the manifest's file to serve (default: int8)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--grpc-port", type=int, default=8001)
    parser.add_argument("--http-port", type=int, default=8000)
    parser.add_argument("--metrics-port", type=int, default=8002)
    parser.add_argument("--max-batch-size", type=int, default=64, help="as models/<name>/config.pbtxt")
    parser.add_argument("--max-queue-delay-us", type=int, default=2000, help="as models/<name>/config.pbtxt")
    parser.add_argument("--threads", type=int, default=1, help="ONNX Runtime intra-op threads")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    _stub_libraries()

    manifest = json.loads((args.model_dir / "manifest.json").read_text(encoding="utf-8"))
    session = _session(args.model_dir / manifest["files"][args.variant], args.threads)
    inputs, outputs = _tensors(manifest)
    config = TritonConfig(
        http_address=args.host,
        http_port=args.http_port,
        grpc_address=args.host,
        grpc_port=args.grpc_port,
        metrics_address=args.host,
        metrics_port=args.metrics_port,
        allow_gpu_metrics=False,
        exit_timeout_secs=5,  # in-flight requests get 5 s; the tests stop a process after 10
    )
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    with Triton(config=config) as triton:
        triton.bind(
            model_name=manifest["name"],
            model_version=int(manifest["version"]),
            infer_func=_infer(session),
            inputs=inputs,
            outputs=outputs,
            config=ModelConfig(
                max_batch_size=args.max_batch_size,
                batcher=DynamicBatcher(max_queue_delay_microseconds=args.max_queue_delay_us),
            ),
            strict=True,
        )
        triton.run()
        print(f"triton listening on {args.host}:{args.grpc_port}", flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
