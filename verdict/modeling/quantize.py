"""int8 quantization of an exported fp32 graph, for the CPU provider.

    static   (default) QDQ: weights int8 per output channel; activations uint8 with scales fixed at export
             from calibration texts. Every row meets the same scales, so a text's outputs do not depend on
             the other rows (or the padding) of its batch.
    dynamic  weights int8 per output channel; DynamicQuantizeLinear picks ONE activation scale per tensor
             at run time, over the whole batch including padding rows: a text's outputs change with its
             batch.
    token    (default) dynamic, with each DynamicQuantizeLinear replaced by a per-token one: every token's
             activations get their own symmetric scale (its largest magnitude / 127, zero point 128 on
             uint8, so the same u8s8 integer kernels run). A token's scale reads only that token, so a
             text's outputs do not depend on its batch or its padding; the extra elementwise passes cost
             15-24% of dynamic's throughput (docs/benchmarks.md, "Per-token int8").

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

INT8_METHODS = ("token", "static", "dynamic")
# dynamic: ~1.65x the throughput of static QDQ on CPU (measured 2026-11-25, benchmarks/RESULTS.md) and a
# third of its size, at the cost of activation scales computed per batch: verdict/10 (dynamic) scored one
# corpus answer 0.50 alone and 0.52-0.67 in batches of 4-64, so a verdict depended on the requests batched
# beside it. token keeps dynamic's kernels and size with a scale per token: batch-invariant, at 0.76-0.85x
# dynamic's throughput (AMD EPYC AVX-512 VNNI, 2026-12-07).
DEFAULT_INT8 = "token"
TOKEN_QMAX = 127.0  # symmetric: round(x / scale) in [-127, 127], stored as uint8 with zero point 128
TOKEN_ZERO_POINT = 128
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


def per_token_activations(model):
    """Rewrite each DynamicQuantizeLinear(X) -> (Q, scale, zero point) of a dynamically quantized graph as
    a per-token quantization of X ([..., hidden]): s = max(|X|) over the last axis / 127 (shape [..., 1]),
    Q = uint8(round(X / s) + 128), zero point 128.

    The integer product and its per-channel weight scale stay as the dynamic quantizer wrote them, with
    the activation scale set to 1 (`MatMulInteger -> Cast -> Mul(1 * w_scale)`, the pattern ORT fuses
    into MatMulIntegerToFloat, whose activation scale must be a scalar); s multiplies the result after
    that Mul. Returns the model, changed in place."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    if not any(node.op_type == "DynamicQuantizeLinear" for node in graph.node):
        raise ValueError("no DynamicQuantizeLinear node: not a dynamically quantized graph")
    consts = [
        numpy_helper.from_array(np.array(TOKEN_QMAX, dtype=np.float32), "verdict_token_qmax"),
        numpy_helper.from_array(np.array(1e-8, dtype=np.float32), "verdict_token_tiny"),
        numpy_helper.from_array(np.array(float(TOKEN_ZERO_POINT), dtype=np.float32), "verdict_token_offset"),
        numpy_helper.from_array(np.array(0.0, dtype=np.float32), "verdict_token_lo"),
        numpy_helper.from_array(np.array(255.0, dtype=np.float32), "verdict_token_hi"),
        numpy_helper.from_array(np.array(1.0, dtype=np.float32), "verdict_token_one"),
        numpy_helper.from_array(np.array(TOKEN_ZERO_POINT, dtype=np.uint8), "verdict_token_zero_point"),
    ]
    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    after: dict[str, tuple[str, str]] = {}  # an output Mul's name -> (its output, the per-token scale)
    rewritten: list = []
    for node in graph.node:
        if node.op_type != "DynamicQuantizeLinear":
            rewritten.append(node)
            continue
        (x,), (q, scale, zero_point) = node.input, node.output
        p = f"{node.name}_per_token"
        rewritten += [
            helper.make_node("Abs", [x], [f"{p}_abs"], name=f"{p}_abs"),
            helper.make_node(
                "ReduceMax", [f"{p}_abs"], [f"{p}_absmax"], name=f"{p}_absmax", axes=[-1], keepdims=1
            ),
            helper.make_node("Max", [f"{p}_absmax", "verdict_token_tiny"], [f"{p}_range"], name=f"{p}_range"),
            helper.make_node("Div", [f"{p}_range", "verdict_token_qmax"], [f"{p}_scale"], name=f"{p}_scale"),
            helper.make_node("Div", [x, f"{p}_scale"], [f"{p}_scaled"], name=f"{p}_scaled"),
            helper.make_node("Round", [f"{p}_scaled"], [f"{p}_rounded"], name=f"{p}_rounded"),
            helper.make_node(
                "Add", [f"{p}_rounded", "verdict_token_offset"], [f"{p}_shifted"], name=f"{p}_shifted"
            ),
            helper.make_node(
                "Clip",
                [f"{p}_shifted", "verdict_token_lo", "verdict_token_hi"],
                [f"{p}_clipped"],
                name=f"{p}_clip",
            ),
            helper.make_node("Cast", [f"{p}_clipped"], [q], name=f"{p}_cast", to=TensorProto.UINT8),
            helper.make_node("Identity", ["verdict_token_zero_point"], [zero_point], name=f"{p}_zero_point"),
            helper.make_node("Identity", ["verdict_token_one"], [scale], name=f"{p}_unit_scale"),
        ]
        # scale -> Mul(scale, w_scale) (the scales' product) -> Mul(Cast(int32 product), it): the output Mul
        for scales_mul in consumers.get(scale, []):
            if scales_mul.op_type != "Mul":
                raise ValueError(f"{scales_mul.name}: expected the Mul of the activation and weight scales")
            for out_mul in consumers.get(scales_mul.output[0], []):
                if out_mul.op_type != "Mul":
                    raise ValueError(f"{out_mul.name}: expected the Mul that applies the scales")
                after[out_mul.name] = (out_mul.output[0], f"{p}_scale")
    final: list = []
    for node in rewritten:
        final.append(node)
        if node.name in after:
            output, per_token = after[node.name]
            node.output[0] = f"{output}_per_channel"
            final.append(
                helper.make_node(
                    "Mul", [f"{output}_per_channel", per_token], [output], name=f"{node.name}_per_token"
                )
            )
    del graph.node[:]
    graph.node.extend(final)
    graph.initializer.extend(consts)
    return model


def quantize_token_int8(src: str | Path, dst: str | Path) -> Path:
    import onnx

    quantize_dynamic_int8(src, dst)
    model = onnx.load(str(dst))
    onnx.save(per_token_activations(model), str(dst))
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
    if method in ("token", "dynamic"):
        (quantize_token_int8 if method == "token" else quantize_dynamic_int8)(src, dst)
        activations = {
            "token": "uint8, one symmetric scale per token (zero point 128)",
            "dynamic": "uint8, one scale per batch",
        }
        return {
            "method": method,
            "per_channel": True,
            "weights": "int8",
            "activations": activations[method],
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
