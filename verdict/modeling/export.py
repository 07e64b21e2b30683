"""`verdict export`: a training checkpoint -> a Triton-layout model version with its manifest.

    models/<name>/config.pbtxt                 Triton config (onnxruntime_onnx, dynamic batching)
    models/<name>/<version>/model.onnx         int8, static QDQ by default (the CPU default; verdict.modeling.quantize)
                            model.fp16.onnx    fp16 weights, fp32 inputs/outputs (GPU)
                            model.fp32.onnx    the reference export (--no-fp32: not kept)
                            weights.fp16.safetensors + config.json + verdict.json   (fine-tune from here)
                            tokenizer.json, manifest.json, taxonomy.json

Every variant is checked against the torch model on the same texts before the manifest is written:
fp32 must match within 1e-4; int8/fp16 label agreement is measured and recorded in the manifest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from verdict.modeling.quantize import (
    BUILTIN_CALIBRATION_TEXTS,
    CALIBRATION_MAX_TEXTS,
    DEFAULT_INT8,
    INT8_METHODS,
    quantize_int8,
)

INPUT_NAMES = ("input_ids", "attention_mask")
OUTPUT_NAMES = ("token_logits", "topic_logits", "leak_logits", "embedding")
OPSET = 17
FP32_FILE, INT8_FILE, FP16_FILE = "model.fp32.onnx", "model.onnx", "model.fp16.onnx"
# Served windows when the checkpoint does not say how it was trained (versions before verdict/7); a
# checkpoint that does is served with its training windows, so one text is cut the same on both paths.
SERVING_MAX_LENGTH, SERVING_STRIDE = 256, 64
FP32_TOLERANCE = 1e-4
PARITY_DATA_TEXTS = 200  # the first texts of --parity-data

# The built-in sentences (PII, a secret, a leaked prompt, hate, advice, benign) plus a one-word text;
# `--parity-data` adds real dev texts on top.
PARITY_TEXTS = ("ok", *BUILTIN_CALIBRATION_TEXTS)


@dataclass(frozen=True, slots=True)
class ParityReport:
    variant: str
    n_texts: int
    n_tokens: int
    max_abs_diff: dict[str, float]  # output name -> max |onnx - torch| over real tokens / rows
    token_tag_agreement: float  # argmax tag equal, over real tokens
    topic_agreement: float  # sigmoid > 0.5 equal, over (text, label)
    leak_agreement: float
    embedding_cosine_min: float

    @property
    def max_logit_diff(self) -> float:
        return max(self.max_abs_diff[name] for name in OUTPUT_NAMES[:3])

    @property
    def label_agreement(self) -> float:
        return min(self.token_tag_agreement, self.topic_agreement, self.leak_agreement)

    def to_dict(self) -> dict:
        return {
            **asdict(self),
            "max_logit_diff": self.max_logit_diff,
            "label_agreement": self.label_agreement,
        }

    def line(self) -> str:
        return (
            f"{self.variant}: {self.n_texts} texts / {self.n_tokens} tokens, "
            f"max|Δlogit| {self.max_logit_diff:.2e}, "
            f"tags {self.token_tag_agreement:.4f}, topics {self.topic_agreement:.4f}, "
            f"leak {self.leak_agreement:.4f}, emb cos min {self.embedding_cosine_min:.6f}"
        )


# -- ONNX conversion ------------------------------------------------------------------------------


def export_onnx(model, path: str | Path, *, opset: int = OPSET) -> Path:
    """The legacy TorchScript exporter: handles eager BERT attention with dynamic batch and sequence."""
    import warnings

    import torch

    model = model.eval().cpu()
    input_ids = torch.tensor([[101, 7592, 2088, 102, 0], [101, 7592, 1010, 2088, 102]])  # [2, 5]
    attention_mask = (input_ids != 0).long()  # [2, 5]
    dynamic_axes = {name: {0: "batch", 1: "seq"} for name in INPUT_NAMES}
    dynamic_axes |= {
        "token_logits": {0: "batch", 1: "seq"},
        "topic_logits": {0: "batch"},
        "leak_logits": {0: "batch"},
        "embedding": {0: "batch"},
    }
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # TracerWarnings on shape arithmetic; parity checks what matters
        torch.onnx.export(
            model,
            (input_ids, attention_mask),
            str(path),
            input_names=list(INPUT_NAMES),
            output_names=list(OUTPUT_NAMES),
            dynamic_axes=dynamic_axes,
            opset_version=opset,
            do_constant_folding=True,
            dynamo=False,
        )
    return Path(path)


def optimize_bert(src: str | Path, dst: str | Path, *, num_heads: int, hidden_size: int) -> Path:
    """ORT's BERT fusions (attention, layernorm, gelu) on the fp32 graph; the result stays plain fp32."""
    from onnxruntime.transformers.optimizer import optimize_model

    optimized = optimize_model(
        str(src), model_type="bert", num_heads=num_heads, hidden_size=hidden_size, opt_level=1, use_gpu=False
    )
    optimized.save_model_to_file(str(dst))
    return Path(dst)


def convert_fp16(src: str | Path, dst: str | Path) -> Path:
    """fp16 weights and compute, fp32 at the graph boundary (the backends feed and read fp32)."""
    import onnx

    model = onnx.load(str(src))
    try:
        from onnxconverter_common.float16 import convert_float_to_float16
    except ImportError:
        from onnxruntime.transformers.float16 import convert_float_to_float16
    onnx.save(convert_float_to_float16(model, keep_io_types=True), str(dst))
    return Path(dst)


# -- parity ---------------------------------------------------------------------------------------


def _encode(tokenizer, texts, max_length: int):
    import numpy as np

    rows = [
        enc.ids[: max_length - 1] + [enc.ids[-1]] if len(enc.ids) > max_length else enc.ids
        for enc in tokenizer.encode_batch(list(texts))
    ]
    width = max(len(r) for r in rows)
    input_ids = np.zeros((len(rows), width), dtype=np.int64)  # [B, T], right-padded with [PAD]=0
    attention_mask = np.zeros((len(rows), width), dtype=np.int64)  # [B, T]
    for i, row in enumerate(rows):
        input_ids[i, : len(row)] = row
        attention_mask[i, : len(row)] = 1
    return input_ids, attention_mask


def check_parity(
    checkpoint,
    onnx_path: str | Path,
    texts,
    *,
    variant: str = "",
    max_length: int = 128,
    tokenizer_path: str | Path | None = None,
    batch_size: int = 16,
) -> ParityReport:
    """Run torch (checkpoint dir or VerdictModel) and ONNX on the same padded batches and compare."""
    import numpy as np
    import onnxruntime as ort
    import torch

    from verdict.runtime.model import TOKENIZER_FILE, VerdictModel
    from verdict.runtime.windows import load_tokenizer

    if isinstance(checkpoint, torch.nn.Module):
        model = checkpoint.eval().cpu()
    else:
        model = VerdictModel.from_checkpoint(checkpoint).eval()
    if tokenizer_path is None:
        tokenizer_path = Path(checkpoint) / TOKENIZER_FILE
    tokenizer = load_tokenizer(tokenizer_path)
    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    texts = list(texts)
    diffs = dict.fromkeys(OUTPUT_NAMES, 0.0)
    agree = {"tags": 0, "topics": 0, "leak": 0}
    totals = {"tags": 0, "topics": 0, "leak": 0}
    cos_min = 1.0
    for i in range(0, len(texts), batch_size):
        input_ids, attention_mask = _encode(tokenizer, texts[i : i + batch_size], max_length)
        ours = session.run(list(OUTPUT_NAMES), {"input_ids": input_ids, "attention_mask": attention_mask})
        with torch.no_grad():
            outputs = model(torch.from_numpy(input_ids), torch.from_numpy(attention_mask))
            ref = [t.float().numpy() for t in outputs]
        real = attention_mask.astype(bool)  # [B, T]: compare token outputs on real tokens only
        tok_o, tok_r = ours[0][real], ref[0][real]  # [N, n_tags]
        diffs["token_logits"] = max(diffs["token_logits"], float(np.abs(tok_o - tok_r).max()))
        agree["tags"] += int((tok_o.argmax(-1) == tok_r.argmax(-1)).sum())
        totals["tags"] += tok_o.shape[0]
        for key, idx in (("topics", 1), ("leak", 2)):
            name = OUTPUT_NAMES[idx]
            diffs[name] = max(diffs[name], float(np.abs(ours[idx] - ref[idx]).max()))
            agree[key] += int(((ours[idx] > 0) == (ref[idx] > 0)).sum())  # logit > 0 <=> sigmoid > 0.5
            totals[key] += ours[idx].size
        diffs["embedding"] = max(diffs["embedding"], float(np.abs(ours[3] - ref[3]).max()))
        norms = np.linalg.norm(ours[3], axis=-1) * np.linalg.norm(ref[3], axis=-1)  # [B]
        cos = (ours[3] * ref[3]).sum(-1) / norms
        cos_min = min(cos_min, float(cos.min()))
    return ParityReport(
        variant=variant or Path(onnx_path).name,
        n_texts=len(texts),
        n_tokens=totals["tags"],
        max_abs_diff=diffs,
        token_tag_agreement=agree["tags"] / max(totals["tags"], 1),
        topic_agreement=agree["topics"] / max(totals["topics"], 1),
        leak_agreement=agree["leak"] / max(totals["leak"], 1),
        embedding_cosine_min=cos_min,
    )


# -- model repository files -------------------------------------------------------------------------


def triton_config(name: str, labels, hidden_size: int, *, kind: str = "KIND_CPU") -> str:
    """Triton's config.pbtxt: batch is implicit (max_batch_size), so dims list the rest of each shape."""

    def tensor(tensor_name: str, dtype: str, dims: list[int]) -> str:
        return f'  {{\n    name: "{tensor_name}"\n    data_type: {dtype}\n    dims: {dims}\n  }}'

    inputs = ",\n".join(tensor(n, "TYPE_INT64", [-1]) for n in INPUT_NAMES)
    outputs = ",\n".join(
        [
            tensor("token_logits", "TYPE_FP32", [-1, len(labels.token_tags)]),
            tensor("topic_logits", "TYPE_FP32", [len(labels.topics)]),
            tensor("leak_logits", "TYPE_FP32", [len(labels.leakage)]),
            tensor("embedding", "TYPE_FP32", [hidden_size]),
        ]
    )
    return (
        f'name: "{name}"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 64\n'
        f'default_model_filename: "{INT8_FILE}"\n'
        f"input [\n{inputs}\n]\noutput [\n{outputs}\n]\n"
        "dynamic_batching {\n  max_queue_delay_microseconds: 2000\n}\n"
        f"instance_group [\n  {{\n    count: 1\n    kind: {kind}\n  }}\n]\n"
    )


def data_sources(stats_path: str | Path | None) -> tuple[dict, ...]:
    """[{"path", "sha256"}] from the data build's stats.json, whichever of its shapes it uses."""
    if stats_path is None or not Path(stats_path).is_file():
        return ()
    stats = json.loads(Path(stats_path).read_text(encoding="utf-8"))
    files = stats.get("files") or []
    if isinstance(files, dict):  # {"path": "sha256"}
        files = [{"path": p, "sha256": h} for p, h in sorted(files.items())]
    return tuple(
        {"path": str(f["path"]), "sha256": str(f["sha256"])}
        for f in files
        if isinstance(f, dict) and "path" in f and "sha256" in f
    )


def default_thresholds(labels) -> dict:
    entity_types = [tag[2:] for tag in labels.token_tags if tag.startswith("B-")]
    return {
        "entities": dict.fromkeys(entity_types, 0.5),
        "topics": dict.fromkeys(labels.topics, 0.5),
        "leakage": dict.fromkeys(labels.leakage, 0.5),
    }


def load_thresholds(labels, eval_report: str | Path | None) -> dict:
    thresholds = default_thresholds(labels)
    if eval_report is not None and Path(eval_report).is_file():
        report = json.loads(Path(eval_report).read_text(encoding="utf-8"))
        for family, values in (report.get("thresholds") or {}).items():
            if family in thresholds:
                thresholds[family].update({k: float(v) for k, v in values.items()})
    return thresholds


def export_version(
    model,
    out: str | Path,
    *,
    tokenizer_path: str | Path,
    meta: dict | None = None,
    base_model: str = "all-MiniLM-L6-v2",
    parent_version: str | None = None,
    eval_report: str | Path | None = None,
    data_stats: str | Path | None = None,
    parity_texts=PARITY_TEXTS,
    keep_fp32: bool = True,
    fp16: bool = True,
    ort_optimize: bool = False,
    save_weights: bool = True,
    int8: str = DEFAULT_INT8,
    calibration_texts=(),
    calibration_source: str = "builtin",
    log=print,
):
    """Write one model version directory (+ the Triton config beside it); returns its Manifest.

    `int8`: "static" (calibrated on `calibration_texts`, built-in sentences when empty) or "dynamic".
    """
    from verdict.runtime import taxonomy
    from verdict.runtime.manifest import Manifest, Thresholds

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model = model.eval().cpu()
    labels, config, meta = model.labels, model.config, meta or {}
    shutil.copyfile(tokenizer_path, out / "tokenizer.json")
    (out / "taxonomy.json").write_text(taxonomy.to_json() + "\n", encoding="utf-8")

    fp32 = export_onnx(model, out / FP32_FILE)
    parity = {"fp32": check_parity(model, fp32, parity_texts, variant="fp32", tokenizer_path=tokenizer_path)}
    log(parity["fp32"].line())
    if parity["fp32"].max_logit_diff > FP32_TOLERANCE:
        diff = parity["fp32"].max_logit_diff
        raise RuntimeError(f"fp32 ONNX differs from torch by {diff:.2e} > {FP32_TOLERANCE}")
    source = fp32
    with tempfile.TemporaryDirectory() as tmp:
        if ort_optimize:
            source = optimize_bert(
                fp32,
                Path(tmp) / "opt.onnx",
                num_heads=config.num_attention_heads,
                hidden_size=config.hidden_size,
            )
            parity["fp32-optimized"] = check_parity(
                model, source, parity_texts, variant="fp32-optimized", tokenizer_path=tokenizer_path
            )
            log(parity["fp32-optimized"].line())
        int8_info = quantize_int8(
            source,
            out / INT8_FILE,
            method=int8,
            tokenizer_path=tokenizer_path,
            calibration_texts=calibration_texts,
            calibration_source=calibration_source,
        )
        parity["int8"] = check_parity(
            model, out / INT8_FILE, parity_texts, variant="int8", tokenizer_path=tokenizer_path
        )
        log(parity["int8"].line())
        files = {"int8": INT8_FILE}
        if fp16:
            convert_fp16(source, out / FP16_FILE)
            parity["fp16"] = check_parity(
                model, out / FP16_FILE, parity_texts, variant="fp16", tokenizer_path=tokenizer_path
            )
            log(parity["fp16"].line())
            files["fp16"] = FP16_FILE
    if keep_fp32:
        files["fp32"] = FP32_FILE
    else:
        fp32.unlink()
    if save_weights:
        model.save_checkpoint(out, tokenizer_path=out / "tokenizer.json", extra=meta, fp16=True)

    trained = meta.get("training", {})
    max_length = trained.get("max_length", SERVING_MAX_LENGTH)
    stride = trained.get("window_overlap", SERVING_STRIDE)
    log(
        f"serving windows: {max_length} tokens, overlap {stride} "
        + (
            "(as trained)"
            if "max_length" in trained
            else "(the checkpoint records no training windows: the default)"
        )
    )
    manifest = Manifest(
        name=out.parent.name or "verdict",
        version=out.name,
        labels=labels,
        files=files,
        tokenizer="tokenizer.json",
        max_length=max_length,
        stride=stride,
        hidden_size=config.hidden_size,
        thresholds=Thresholds(**load_thresholds(labels, eval_report)),
        base_model=base_model,
        parent_version=None if parent_version is None else str(parent_version),
        created=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        data=data_sources(data_stats),
        metrics={**meta.get("metrics", {}), "parity": {k: v.to_dict() for k, v in parity.items()}},
        training={**meta.get("training", {}), "step": meta.get("step"), "export": {"int8": int8_info}},
    )
    manifest.save(out)
    (out.parent / "config.pbtxt").write_text(
        triton_config(manifest.name, labels, config.hidden_size), encoding="utf-8"
    )
    return Manifest.load(out)


# -- CLI ------------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--checkpoint", required=True, help="training checkpoint dir (runs/<name>/best)")
    parser.add_argument("--out", required=True, help="version dir: models/<name>/<version>")
    parser.add_argument("--parent-version", default=None, help="the version this one was fine-tuned from")
    parser.add_argument("--eval-report", default=None, help="JSON with per-label 'thresholds'")
    parser.add_argument("--data-stats", default="build/data/stats.json", help="data build stats (hashes)")
    parser.add_argument("--parity-data", default="build/data/dev.jsonl", help="texts for parity (first 200)")
    parser.add_argument("--no-fp32", action="store_true", help="do not keep model.fp32.onnx")
    parser.add_argument("--no-fp16", action="store_true", help="do not write model.fp16.onnx")
    parser.add_argument("--ort-optimize", action="store_true", help="ORT BERT fusions before int8/fp16")
    parser.add_argument(
        "--int8",
        choices=INT8_METHODS,
        default=DEFAULT_INT8,
        help="token: per-token activation scales, batch-invariant (default); dynamic: one scale per batch, a text's "
        "scores move with its batch; static: calibrated at export, batch-invariant, slower",
    )
    parser.add_argument(
        "--calibration-data",
        default="build/data/dev.jsonl",
        help="JSONL whose texts calibrate static int8 (built-in sentences if absent)",
    )


def read_calibration_texts(path: str | Path | None, *, skip_same_as: str | Path | None = None):
    """(texts, source) for static int8; texts that parity measures are skipped so it is not scored on them."""
    if not path or not Path(path).is_file():
        return (), "builtin"
    from itertools import islice

    from verdict.modeling.data.schema import read_jsonl

    skip = PARITY_DATA_TEXTS if skip_same_as and Path(skip_same_as).resolve() == Path(path).resolve() else 0
    texts = [ex.text for ex in islice(read_jsonl(path), skip, skip + CALIBRATION_MAX_TEXTS)]
    return tuple(texts), f"{path}[{skip}:{skip + len(texts)}]"


def run(args: argparse.Namespace) -> int:
    from verdict.runtime.model import TOKENIZER_FILE, VerdictModel, read_meta

    checkpoint = Path(args.checkpoint)
    model = VerdictModel.from_checkpoint(checkpoint)
    meta = read_meta(checkpoint)
    texts = list(PARITY_TEXTS)
    if args.parity_data and Path(args.parity_data).is_file():
        from itertools import islice

        from verdict.modeling.data.schema import read_jsonl

        texts += [ex.text for ex in islice(read_jsonl(args.parity_data), PARITY_DATA_TEXTS)]
    calibration, source = read_calibration_texts(args.calibration_data, skip_same_as=args.parity_data)
    manifest = export_version(
        model,
        args.out,
        tokenizer_path=checkpoint / TOKENIZER_FILE,
        meta=meta,
        base_model=meta.get("base_model", "all-MiniLM-L6-v2"),
        parent_version=args.parent_version,
        eval_report=args.eval_report,
        data_stats=args.data_stats,
        parity_texts=texts,
        keep_fp32=not args.no_fp32,
        fp16=not args.no_fp16,
        ort_optimize=args.ort_optimize,
        int8=args.int8,
        calibration_texts=calibration,
        calibration_source=source,
    )
    for variant, name in manifest.files.items():
        size = (manifest.directory / name).stat().st_size / 2**20
        print(f"{variant}: {manifest.directory / name} ({size:.1f} MiB)")
    print(f"wrote {manifest.model_version} -> {manifest.directory}")
    return 0
