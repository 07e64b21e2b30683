"""Export: ONNX parity with torch, manifest and Triton config, and a tiny train -> resume -> export run."""

from __future__ import annotations

import json
from argparse import Namespace

import pytest

torch = pytest.importorskip("torch")
ort = pytest.importorskip("onnxruntime")
np = pytest.importorskip("numpy")

from verdict.modeling import export  # noqa: E402
from verdict.modeling.data.schema import Example, Span, write_jsonl  # noqa: E402
from verdict.runtime.manifest import Manifest  # noqa: E402
from verdict.runtime.model import VerdictModel, base_model_path, default_labels, tiny_encoder_config  # noqa: E402
from verdict.runtime.taxonomy import TOKEN_TAGS, TOPIC_LABELS  # noqa: E402

pytestmark = pytest.mark.slow

TEXTS = (
    "a",
    "Hi, I'm John Smith and my email is john.smith@example.com.",
    "Here is your key AKIAIOSFODNN7EXAMPLE " * 6,
    "ok then",
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A tiny seeded model exported with every variant (fp32, int8, fp16) plus its fp16 weights."""
    torch.manual_seed(1)
    model = VerdictModel(tiny_encoder_config(), default_labels()).eval()
    out = tmp_path_factory.mktemp("repo") / "verdict" / "3"
    manifest = export.export_version(
        model,
        out,
        tokenizer_path=base_model_path() / "tokenizer.json",
        base_model="tiny-random-bert",
        meta={"training": {"lr": 1}, "metrics": {"score": 0.5}, "step": 9},
        parent_version="2",
        parity_texts=TEXTS,
        log=lambda _: None,
        int8="static",
    )
    return model, manifest


def test_tiny_model_dir_is_a_valid_version(tiny_model_dir):
    manifest = Manifest.load(tiny_model_dir)
    assert manifest.files == {"int8": "model.onnx", "fp32": "model.fp32.onnx"}
    assert manifest.labels.token_tags == TOKEN_TAGS and manifest.hidden_size == 32
    assert manifest.max_length == 256 and manifest.stride == 64
    session = ort.InferenceSession(str(manifest.path_of("int8")), providers=["CPUExecutionProvider"])
    assert [i.name for i in session.get_inputs()] == list(export.INPUT_NAMES)
    assert [o.name for o in session.get_outputs()] == list(export.OUTPUT_NAMES)


def _alone_vs_batched(session, rows):
    """Max |Δ| between each row run alone (no padding) and inside one right-padded batch of all rows."""
    width = max(map(len, rows))
    ids = np.array([r + [0] * (width - len(r)) for r in rows], dtype=np.int64)
    batched = session.run(None, {"input_ids": ids, "attention_mask": (ids != 0).astype(np.int64)})
    worst = 0.0
    for i, row in enumerate(rows):
        single = np.array([row], dtype=np.int64)
        alone = session.run(None, {"input_ids": single, "attention_mask": np.ones_like(single)})
        worst = max(worst, float(np.abs(batched[0][i, : len(row)] - alone[0][0]).max()))
        worst = max(worst, *(float(np.abs(batched[k][i] - alone[k][0]).max()) for k in (1, 2, 3)))
    return worst


def test_int8_is_batch_invariant(tiny_model_dir):
    """Static int8 scales are fixed at export: a text's outputs do not depend on its batch or padding."""
    manifest = Manifest.load(tiny_model_dir)
    assert manifest.training["export"]["int8"]["method"] == "static"
    session = ort.InferenceSession(str(manifest.path_of("int8")), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    rows = [[101, *rng.integers(1000, 29000, size=n).tolist(), 102] for n in rng.integers(1, 120, size=32)]
    assert _alone_vs_batched(session, rows) <= 1e-5


def test_dynamic_int8_is_still_available(exported, tmp_path):
    from verdict.modeling.quantize import quantize_int8

    _, manifest = exported
    info = quantize_int8(manifest.path_of("fp32"), tmp_path / "dyn.onnx", method="dynamic")
    assert info["method"] == "dynamic"
    session = ort.InferenceSession(str(tmp_path / "dyn.onnx"), providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == list(export.OUTPUT_NAMES)
    # the heads and the FFN output projections stay fp32 MatMuls; the other weight matmuls are int8
    import onnx

    from verdict.modeling.quantize import excluded_nodes

    kept = {n.name for n in onnx.load(str(tmp_path / "dyn.onnx")).graph.node if n.op_type == "MatMul"}
    heads = {"/token_head/MatMul", "/topic_head/Gemm_MatMul", "/leak_head/Gemm_MatMul"}  # Gemm split in two
    ffn_out = {n for n in excluded_nodes(manifest.path_of("fp32")) if "/output/dense/" in n}
    assert len(ffn_out) >= 2 and heads | ffn_out <= kept
    ops = [n.op_type for n in onnx.load(str(tmp_path / "dyn.onnx")).graph.node]
    assert ops.count("MatMulInteger") + ops.count("DynamicQuantizeMatMul") > 0


def _session(path, level=None):
    options = ort.SessionOptions()
    if level is not None:
        options.graph_optimization_level = level
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def test_per_token_int8_is_batch_invariant_and_fuses_correctly(exported, tmp_path):
    """`token` int8 (the default) scales each token's activations by that token alone: a text's outputs do
    not depend on its batch or its padding. ORT fuses its integer matmuls (MatMulIntegerToFloat) only where
    the activation scale is a scalar, so the graph with every fusion gives the outputs of the unfused one."""
    import onnx

    from verdict.modeling.quantize import DEFAULT_INT8, quantize_int8

    assert DEFAULT_INT8 == "token"
    _, manifest = exported
    info = quantize_int8(manifest.path_of("fp32"), tmp_path / "token.onnx", method="token")
    assert info["method"] == "token"
    ops = [n.op_type for n in onnx.load(str(tmp_path / "token.onnx")).graph.node]
    assert "DynamicQuantizeLinear" not in ops and ops.count("MatMulInteger") > 0
    rng = np.random.default_rng(3)
    rows = [[101, *rng.integers(1000, 29000, size=n).tolist(), 102] for n in rng.integers(1, 120, size=24)]
    assert _alone_vs_batched(_session(tmp_path / "token.onnx"), rows) <= 1e-4
    ids = np.array([rows[0]], dtype=np.int64)
    feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
    fused = _session(tmp_path / "token.onnx", ort.GraphOptimizationLevel.ORT_ENABLE_ALL).run(None, feed)
    plain = _session(tmp_path / "token.onnx", ort.GraphOptimizationLevel.ORT_DISABLE_ALL).run(None, feed)
    fp32 = _session(manifest.path_of("fp32")).run(None, feed)
    for a, b, ref in zip(fused, plain, fp32):
        assert float(np.abs(a - b).max()) <= 1e-4
        assert float(np.abs(a - ref).max()) <= 0.05 * max(1.0, float(np.abs(ref).max()))


def test_fp32_matches_torch_on_a_ragged_batch(exported):
    model, manifest = exported
    session = ort.InferenceSession(str(manifest.path_of("fp32")), providers=["CPUExecutionProvider"])
    rows = [[101, 7592, 102], [101, *range(2000, 2040), 102], [101, 2023, 2003, 1037, 3231, 102]]
    width = max(map(len, rows))
    ids = np.array([r + [0] * (width - len(r)) for r in rows], dtype=np.int64)
    mask = (ids != 0).astype(np.int64)
    batched = session.run(None, {"input_ids": ids, "attention_mask": mask})
    for i, row in enumerate(rows):
        single = torch.tensor([row])
        with torch.no_grad():
            ref = [t.numpy()[0] for t in model(single, torch.ones_like(single))]
        np.testing.assert_allclose(batched[0][i, : len(row)], ref[0], atol=1e-4, rtol=0)
        for k in (1, 2, 3):
            np.testing.assert_allclose(batched[k][i], ref[k], atol=1e-4, rtol=0)


def test_parity_reports(exported):
    model, manifest = exported
    parity = manifest.metrics["parity"]
    assert parity["fp32"]["max_logit_diff"] <= export.FP32_TOLERANCE
    assert parity["fp32"]["embedding_cosine_min"] > 0.99999
    for variant in ("int8", "fp16"):  # measured and recorded; not asserted on a random tiny model
        assert 0.0 <= parity[variant]["label_agreement"] <= 1.0
    report = export.check_parity(
        model, manifest.path_of("int8"), TEXTS, tokenizer_path=manifest.tokenizer_path
    )
    assert report.n_texts == len(TEXTS) and report.n_tokens > 20


def test_manifest_and_triton_config(exported):
    _, manifest = exported
    assert manifest.model_version == "verdict/3" and manifest.parent_version == "2"
    assert manifest.files == {"int8": "model.onnx", "fp16": "model.fp16.onnx", "fp32": "model.fp32.onnx"}
    assert manifest.thresholds.for_label("topics", "hate") == 0.5
    assert set(manifest.thresholds.entities) == set(manifest.labels.entity_types)
    assert manifest.training["step"] == 9 and manifest.metrics["score"] == 0.5
    int8 = manifest.training["export"]["int8"]
    assert int8["method"] == "static" and int8["calibration"]["source"] == "builtin"
    assert json.loads((manifest.directory / "taxonomy.json").read_text())["leakage"]
    pbtxt = (manifest.directory.parent / "config.pbtxt").read_text()
    for needle in (
        'name: "verdict"',
        'platform: "onnxruntime_onnx"',
        "max_batch_size: 64",
        'default_model_filename: "model.onnx"',
        "max_queue_delay_microseconds: 2000",
        f"dims: [-1, {len(TOKEN_TAGS)}]",
        f"dims: [{len(TOPIC_LABELS)}]",
        "instance_group",
    ):
        assert needle in pbtxt
    for name in (*export.INPUT_NAMES, *export.OUTPUT_NAMES):
        assert f'name: "{name}"' in pbtxt


def test_version_dir_can_be_fine_tuned_from(exported):
    model, manifest = exported
    again = VerdictModel.from_checkpoint(manifest.directory).eval()
    ids = torch.tensor([[101, 7592, 2088, 102]])
    with torch.no_grad():
        torch.testing.assert_close(
            again(ids, torch.ones_like(ids))[1], model(ids, torch.ones_like(ids))[1], atol=1e-2, rtol=0
        )


def _examples(split: str, n: int) -> list[Example]:
    out = []
    for i in range(n):
        text = f"Write to Ana Lima{i} at ana{i}@example.com please" + " and more words" * (i % 7)
        start, email = text.index("Ana"), text.index(f"ana{i}@")
        out.append(
            Example(
                id=f"{split}-{i}",
                text=text,
                source="test",
                split=split,
                entities=(
                    Span(start, start + 8 + len(str(i)), "PERSON"),
                    Span(email, email + 15 + len(str(i)), "EMAIL_ADDRESS"),
                ),
                topics=("privacy",) if i % 3 == 0 else (),
                leakage=("credentials",) if i % 4 == 0 else (),
                labeled=("entities", "topics", "leakage") if i % 5 else ("topics",),
            )
        )
    return out


def test_tiny_training_resumes_and_exports(tmp_path):
    from verdict.modeling import training

    data = tmp_path / "data"
    data.mkdir()
    write_jsonl(data / "train.jsonl", _examples("train", 24))
    write_jsonl(data / "dev.jsonl", _examples("dev", 6))
    cfg = training.load_config("verdict/modeling/configs/tiny.yaml")
    run = tmp_path / "run"
    first = training.train(cfg, data_dir=data, out_dir=run, max_steps=5, progress=False)
    assert first["step"] == 5 and (run / "last" / "state.pt").is_file()
    assert (run / "best" / "verdict.json").is_file()
    second = training.train(cfg, data_dir=data, out_dir=run, resume=True, max_steps=10, progress=False)
    assert second["step"] == 10
    steps = [json.loads(line).get("step") for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert steps[:2] == [5, None] and steps[2:4] == [10, None]  # resumed at 5: no step was redone
    meta = json.loads((run / "last" / "verdict.json").read_text())
    assert meta["step"] == 10 and meta["training"]["init_from"] == "tiny"

    out = tmp_path / "models" / "verdict" / "1"
    args = Namespace(
        checkpoint=str(run / "best"),
        out=str(out),
        parent_version=None,
        eval_report=None,
        data_stats=str(tmp_path / "none.json"),
        parity_data=str(data / "dev.jsonl"),
        no_fp32=True,
        no_fp16=True,
        ort_optimize=False,
        int8="static",
        calibration_data=str(data / "train.jsonl"),
    )
    assert export.run(args) == 0
    manifest = Manifest.load(out)
    assert manifest.files == {"int8": "model.onnx"} and not (out / "model.fp32.onnx").exists()
    assert manifest.training["init_from"] == "tiny"
    calibration = manifest.training["export"]["int8"]["calibration"]
    assert calibration["source"] == f"{data / 'train.jsonl'}[0:24]" and calibration["texts"] == 24
    assert manifest.metrics["parity"]["fp32"]["max_logit_diff"] <= export.FP32_TOLERANCE
