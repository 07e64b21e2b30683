"""int8 quantization of an exported fp32 graph, for the CPU provider.

    static   (default) QDQ: weights int8 per output channel; activations uint8 with scales fixed at export
             from calibration texts. Every row meets the same scales, so a text's outputs do not depend on
             the other rows (or the padding) of its batch.
    dynamic  weights int8 per output channel; DynamicQuantizeLinear picks ONE activation scale per tensor
             at run time, over the whole batch including padding rows: a text's outputs change with its
             batch.

For both, only weight-bearing MatMul/Gemm nodes of the encoder are quantized. The attention score and
context matmuls (Q·Kᵀ, probs·V: both inputs are activations), the heads and the FFN output projections
(their GELU input has the outlier channels a per-tensor activation scale cannot cover) stay fp32.

Dynamic int8 quantized the FFN output projections too until verdict/2. Leaving them in fp32, measured
2026-11-25 on 600 dev texts against fp32 (the first continuation of verdict/1, AMD EPYC): token tags
0.9766 → 0.9839, topic labels 0.9969 → 0.9983, at the same speed (1.00x at 1 × 40 and 32 × 40 tokens,
`benchmarks.variants_bench`, interleaved); leaving only the token head in fp32 changed nothing (0.9767).
(In those runs the topic and leak heads were quantized anyway: the dynamic quantizer splits a Gemm into
`<name>_MatMul` + `<name>_Add`, so `excluded_nodes` names both.)

Measured on a step-250 checkpoint, 512 dev texts vs fp32 (2 threads, batch 32): static as here — tags
0.978, topics 0.998, alone-vs-batched max |Δ| 1e-6 (fp32 itself: 1e-6), 57 seq/s; dynamic — tags 0.980,
max |Δ| 0.97, 89 seq/s; fp32 47 seq/s. Quantizing the FFN outputs too: tags 0.944. Percentile(99.99)
calibration: tags 0.914; Entropy: same ranges as MinMax.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

INT8_METHODS = ("static", "dynamic")
# dynamic: ~1.65x the throughput of static QDQ on CPU (measured 2026-11-25, benchmarks/RESULTS.md) and a
# third of its size, at the cost of activation scales computed per batch: a label can flip between a
# text run alone and run in a batch when its score sits on a threshold. `--int8 static` (or the fp32
# variant) is exactly batch-invariant for deployments that need bit-for-bit repeatable verdicts.
DEFAULT_INT8 = "dynamic"
CALIBRATION_WIDTH = 64  # tokens per calibration window, [CLS] and [SEP] included
CALIBRATION_MAX_TEXTS = 300
BUILTIN_CALIBRATION_TEXTS = (
    "Hi, I'm John Smith and my email is john.smith@example.com.",
    "Call me at +1 (415) 555-0132 tomorrow, or write to 221B Baker Street, London.",
    "Here is the system prompt you asked for: You are a helpful assistant for Acme Corp. Never reveal "
    "internal pricing. The AWS key is AKIAIOSFODNN7EXAMPLE and the password is hunter2.",
    "How do I bake sourdough bread at home with a cast iron pot?",
    "My SSN is 123-45-6789, card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32.",
    "Those people are vermin and should be wiped out.",
    "Take 800mg of ibuprofen every two hours, you definitely don't need a doctor.",
    "The quarterly report shows revenue grew 12% while operating costs stayed flat.",
    "export GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a and run the deploy script.",
    "Sure! Here's a short poem about the sea, the wind and the long grey evening light.",
)


def calibration_windows(tokenizer, texts: Iterable[str], width: int = CALIBRATION_WIDTH) -> list[list[int]]:
    """Texts' tokens packed end to end into [CLS] … [SEP] windows of one width.

    No padding enters the calibrated ranges, and every window has the shape the histogram calibrators
    need. Too few tokens for one full window: a single shorter window.
    """
    rows = [enc.ids for enc in tokenizer.encode_batch(list(texts))]
    cls, sep = rows[0][0], rows[0][-1]
    stream = [t for row in rows for t in row[1:-1]]  # [N] tokens, specials dropped
    n = width - 2
    windows = [[cls, *stream[i : i + n], sep] for i in range(0, len(stream) - n + 1, n)]
    return windows or [[cls, *stream[:n], sep]]


def excluded_nodes(model_path: str | Path) -> list[str]:
    """MatMul/Gemm nodes left in fp32: activation × activation, the heads and the FFN output projections."""
    import onnx

    graph = onnx.load(str(model_path), load_external_data=False).graph
    weights = {init.name for init in graph.initializer}
    excluded = []
    for node in graph.node:
        if node.op_type not in ("MatMul", "Gemm"):
            continue
        no_weight = not any(name in weights for name in node.input)
        head = "_head/" in node.name
        ffn_out = "/output/dense/" in node.name and "/attention/" not in node.name
        if no_weight or head or ffn_out:
            excluded.append(node.name)
            if node.op_type == "Gemm":  # the dynamic quantizer splits a Gemm into <name>_MatMul + <name>_Add
                excluded.append(f"{node.name}_MatMul")
    return excluded


def quantize_static_int8(src: str | Path, dst: str | Path, windows: Sequence[Sequence[int]]) -> Path:
    import numpy as np
    import onnx
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self._rows = iter(windows)

        def get_next(self) -> dict | None:
            row = next(self._rows, None)
            if row is None:
                return None
            input_ids = np.asarray([row], dtype=np.int64)  # [1, width]
            return {"input_ids": input_ids, "attention_mask": np.ones_like(input_ids)}

    quantize_static(
        str(src),
        str(dst),
        Reader(),
        quant_format=QuantFormat.QDQ,
        per_channel=True,
        weight_type=QuantType.QInt8,
        activation_type=QuantType.QUInt8,
        calibrate_method=CalibrationMethod.MinMax,
        op_types_to_quantize=["MatMul", "Gemm"],
        nodes_to_exclude=excluded_nodes(src),
        # DefaultTensorType: shape inference cannot type the outputs of ORT's fused (com.microsoft) ops
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    return Path(dst)


def quantize_dynamic_int8(src: str | Path, dst: str | Path) -> Path:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(src),
        str(dst),
        per_channel=True,
        weight_type=QuantType.QInt8,
        nodes_to_exclude=excluded_nodes(src),
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    return Path(dst)


def quantize_int8(
    src: str | Path,
    dst: str | Path,
    *,
    method: str = DEFAULT_INT8,
    tokenizer_path=None,
    calibration_texts: Sequence[str] = (),
    calibration_source: str = "builtin",
) -> dict:
    """Write the int8 graph; returns what the manifest records about how it was made."""
    if method == "dynamic":
        quantize_dynamic_int8(src, dst)
        return {
            "method": "dynamic",
            "per_channel": True,
            "weights": "int8",
            "fp32_nodes": "heads, FFN output projections",
        }
    if method != "static":
        raise ValueError(f"int8 method {method!r}: expected one of {INT8_METHODS}")
    from verdict.runtime.windows import load_tokenizer

    texts = list(calibration_texts) or list(BUILTIN_CALIBRATION_TEXTS)
    if not calibration_texts:
        calibration_source = "builtin"
    windows = calibration_windows(load_tokenizer(tokenizer_path), texts)
    quantize_static_int8(src, dst, windows)
    return {
        "method": "static",
        "format": "QDQ",
        "per_channel": True,
        "weights": "int8",
        "activations": "uint8",
        "calibration": {
            "method": "minmax",
            "source": calibration_source,
            "texts": len(texts),
            "windows": len(windows),
            "width": CALIBRATION_WIDTH,
        },
    }
