"""The host's compute ceiling for the encoder: windows/s if every FLOP ran at this CPU's own GEMM rate.

    python -m benchmarks.ceiling --model-dir models/verdict/3 --tokens 48 --batch 1 32 \
        --out benchmarks/results/<date>/ceiling.json

Whether a throughput target is reachable on a machine is a question about the machine, so it is
measured, not argued:

1. FLOPs per window, from the version's encoder config: per layer the four attention projections and
   the two feed-forward matmuls, 2·T·(4H² + 2HI), plus the attention scores and weighted sum, 4·T²·H.
2. The host's GEMM rate through ONNX Runtime with the same thread count, on one encoder layer's own
   projection shapes ([B·T, H] × [H, H] four times, [B·T, H] × [H, I], [B·T, I] × [I, H]) with random
   weights: fp32 `MatMul`, and the same graph after `quantize_dynamic(per_channel=True)`, which is the
   int8 path `verdict export` ships.
3. Ceiling windows/s = GEMM rate ÷ FLOPs per window, beside the real backend's windows/s on the same
   shapes. The ceiling is generous: it runs attention, layer norms, GELU and tokenization for free.

Random token ids and weights: a dense encoder's cost depends on shapes only.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.backend_bench import median_seconds


def projection_flops(rows: int, hidden: int, intermediate: int) -> int:
    """One layer's four attention projections and two feed-forward matmuls on `rows` tokens."""
    return 2 * rows * (4 * hidden * hidden + 2 * hidden * intermediate)


def encoder_flops(config: dict, tokens: int) -> dict:
    """FLOPs of one window of `tokens` tokens through the encoder (multiply-add = 2 FLOPs)."""
    h, i, layers = config["hidden_size"], config["intermediate_size"], config["num_hidden_layers"]
    projections = projection_flops(tokens, h, i)
    attention = 4 * tokens * tokens * h
    return {
        "per_layer_projections": projections,
        "per_layer_attention": attention,
        "per_window": layers * (projections + attention),
        "layers": layers,
        "hidden": h,
        "intermediate": i,
    }


def layer_graph(hidden: int, intermediate: int, path: Path, seed: int = 0) -> Path:
    """One encoder layer's six projection matmuls as an ONNX graph: inputs X [M, H] and Y [M, I]."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    shapes = {
        "wq": (hidden, hidden),
        "wk": (hidden, hidden),
        "wv": (hidden, hidden),
        "wo": (hidden, hidden),
        "w_up": (hidden, intermediate),
        "w_down": (intermediate, hidden),
    }
    weights = [
        numpy_helper.from_array((rng.standard_normal(s) * 0.05).astype(np.float32), name)
        for name, s in shapes.items()
    ]
    nodes = [
        helper.make_node("MatMul", ["Y" if name == "w_down" else "X", name], [f"out_{name}"])
        for name in shapes
    ]
    outputs = [
        helper.make_tensor_value_info(f"out_{name}", TensorProto.FLOAT, ["M", s[1]])
        for name, s in shapes.items()
    ]
    graph = helper.make_graph(
        nodes,
        "encoder_layer_projections",
        [
            helper.make_tensor_value_info("X", TensorProto.FLOAT, ["M", hidden]),
            helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["M", intermediate]),
        ],
        outputs,
        initializer=weights,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, path)
    return path


def gemm_rate(
    model_path: Path,
    rows: int,
    hidden: int,
    intermediate: int,
    *,
    threads: int,
    min_seconds: float = 1.0,
    min_runs: int = 5,
) -> dict:
    """Median seconds per run of the layer graph at M = `rows`, and its FLOP rate."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(1)
    feeds = {
        "X": rng.standard_normal((rows, hidden)).astype(np.float32),
        "Y": rng.standard_normal((rows, intermediate)).astype(np.float32),
    }
    session.run(None, feeds)
    median, runs = median_seconds(
        lambda: session.run(None, feeds), min_seconds=min_seconds, min_runs=min_runs
    )
    flops = projection_flops(rows, hidden, intermediate)
    return {"rows": rows, "runs": runs, "ms": median * 1000.0, "gflops": flops / median / 1e9}


def measure(
    model_dir: Path, *, tokens: int, batches: list[int], threads: int, min_seconds: float = 1.0
) -> dict:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from benchmarks.backend_bench import make_backend, sweep
    from benchmarks.harness import machine

    config_file = model_dir / "config.json"
    if not config_file.is_file():
        raise SystemExit(
            f"--model-dir: {model_dir} has no config.json (the encoder's shape, written by "
            "`verdict export` beside the weights)"
        )
    config = json.loads(config_file.read_text(encoding="utf-8"))
    flops = encoder_flops(config, tokens)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = layer_graph(flops["hidden"], flops["intermediate"], Path(tmp) / "layer.onnx")
        int8 = Path(tmp) / "layer.int8.onnx"
        quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)
        backend = make_backend(model_dir, variant="int8", threads=threads)
        measured = {r["batch"]: r for r in sweep(backend, batches, tokens, min_seconds=min_seconds)}
        for batch in batches:
            for variant, path in (("fp32", fp32), ("int8", int8)):
                rate = gemm_rate(
                    path,
                    batch * tokens,
                    flops["hidden"],
                    flops["intermediate"],
                    threads=threads,
                    min_seconds=min_seconds,
                )
                rows.append(
                    {
                        "batch": batch,
                        "gemm": variant,
                        **rate,
                        "ceiling_windows_per_s": rate["gflops"] * 1e9 / flops["per_window"],
                        "backend_int8_windows_per_s": measured[batch]["windows_per_s"],
                    }
                )
    return {
        "machine": machine(),
        "model_dir": str(model_dir),
        "tokens": tokens,
        "threads": threads,
        "flops": flops,
        "rows": rows,
    }


def report(result: dict, target: float | None = None) -> str:
    flops = result["flops"]
    lines = [
        f"{result['machine']['cpu']}, {result['threads']} ORT threads; {result['tokens']} tokens per window: "
        f"{flops['per_window'] / 1e9:.2f} GFLOP ({flops['layers']} layers, H={flops['hidden']}, "
        f"I={flops['intermediate']})",
        "",
        "| batch | GEMM | GFLOP/s | ceiling windows/s | backend int8 windows/s | backend / ceiling |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for r in result["rows"]:
        lines.append(
            f"| {r['batch']} | {r['gemm']} | {r['gflops']:.0f} | {r['ceiling_windows_per_s']:.0f} | "
            f"{r['backend_int8_windows_per_s']:.0f} | "
            f"{r['backend_int8_windows_per_s'] / r['ceiling_windows_per_s']:.0%} |"
        )
    if target:
        needed = target * flops["per_window"] / 1e9
        best = max(r["gflops"] for r in result["rows"])
        lines += [
            "",
            f"{target:.0f} windows/s needs {needed:.0f} GFLOP/s of encoder matmuls; the best GEMM rate "
            f"measured here is {best:.0f} GFLOP/s ({best / needed:.0%} of it).",
        ]
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model-dir", type=Path, required=True, help="model version dir (has config.json)")
    parser.add_argument("--tokens", type=int, default=48, help="tokens per window incl. [CLS]/[SEP]")
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 32], help="windows per batch")
    parser.add_argument("--threads", type=int, default=2, help="ONNX Runtime intra-op threads")
    parser.add_argument("--target", type=float, default=500.0, help="windows/s to compare against")
    parser.add_argument("--seconds", type=float, default=1.0, help="minimum seconds per measurement")
    parser.add_argument("--out", type=Path, help="write the JSON here")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    result = measure(
        args.model_dir, tokens=args.tokens, batches=args.batch, threads=args.threads, min_seconds=args.seconds
    )
    result["target_windows_per_s"] = args.target
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(report(result, args.target))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
