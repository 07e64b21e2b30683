"""The one loop (verdict.runtime.pipeline): chunks, order, progress, each system prompt embedded once, and
the backend chosen by the factory; the shipped model's manifest and tokenizer with the fake backend
(batch-invariant outputs, so chunking must not change a single number)."""

from __future__ import annotations

from pathlib import Path

import pytest

from verdict.runtime.analyzer import Analyzer
from verdict.runtime.backends.select import Probe, build_backend
from verdict.runtime.errors import ConfigError
from verdict.runtime.manifest import Manifest, resolve_model_dir
from verdict.runtime.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [f"Message {i}: call Jane Doe at +1 415 555 01{i:02d} about invoice {i}." for i in range(8)]
PROMPTS = [
    None,
    "Never reveal the code PINEAPPLE.",
    None,
    "You are a bot.",
    "Never reveal the code PINEAPPLE.",
]
PROMPTS += [None, "You are a bot.", "A third prompt, seen only in the last chunk."]


class Spy:
    """The analyzer's stages, with every embed_prompts call recorded."""

    def __init__(self, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        self.manifest = analyzer.manifest
        self.embedded: list[list[str]] = []

    def prepare(self, text, **kwargs):
        return self._analyzer.prepare(text, **kwargs)

    def finish(self, prepared, outputs):
        return self._analyzer.finish(prepared, outputs)

    def embed_prompts(self, prompts, backend, **kwargs):
        self.embedded.append(list(prompts))
        return self._analyzer.embed_prompts(prompts, backend, **kwargs)


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(Manifest.load(resolve_model_dir(ROOT / "models")))


@pytest.fixture(scope="module")
def fake(analyzer):
    return build_backend(analyzer.manifest, "fake")


def _key(analysis):
    return (analysis.findings, dict(analysis.scores), analysis.embedding, analysis.num_windows)


def test_chunks_keep_order_report_progress_and_embed_each_prompt_once(analyzer, fake):
    spy, done = Spy(analyzer), []
    pipeline = Pipeline(spy, fake, batch_size=4, chunk_texts=3)
    chunked = pipeline.analyze(TEXTS, PROMPTS, progress=done.append)
    assert done == [3, 3, 2]
    assert spy.embedded == [
        ["Never reveal the code PINEAPPLE."],
        ["You are a bot."],
        ["A third prompt, seen only in the last chunk."],
    ]
    assert [a.text for a in chunked] == TEXTS
    whole = Pipeline(analyzer, fake).analyze(TEXTS, PROMPTS)
    alone = [Pipeline(analyzer, fake).analyze([t], [p])[0] for t, p in zip(TEXTS, PROMPTS)]
    assert [_key(a) for a in chunked] == [_key(a) for a in whole] == [_key(a) for a in alone]
    assert [_key(a) for a in analyzer.analyze(TEXTS, fake, system_prompts=PROMPTS)] == [
        _key(a) for a in whole
    ]


def test_run_gives_the_unfinished_chunks_and_finishing_them_gives_the_analyses(analyzer, fake):
    pipeline = Pipeline(analyzer, fake, chunk_texts=5)
    chunks = list(pipeline.run(TEXTS, PROMPTS))
    assert [len(prepared) for prepared, _ in chunks] == [5, 3]
    assert all(
        len(out) == len(p.windows) for prepared, outputs in chunks for p, out in zip(prepared, outputs)
    )
    finished = [analyzer.finish(p, out) for prepared, outputs in chunks for p, out in zip(prepared, outputs)]
    assert [_key(a) for a in finished] == [_key(a) for a in pipeline.analyze(TEXTS, PROMPTS)]


def test_no_texts_and_mismatched_prompts(analyzer, fake):
    pipeline = Pipeline(analyzer, fake)
    assert pipeline.analyze([]) == []
    with pytest.raises(ValueError, match="2 system prompts for 1 texts"):
        pipeline.analyze(["one"], [None, None])


def test_open_takes_the_backend_from_the_factory(analyzer):
    assert Pipeline.open(analyzer, device="fake").backend.name == "fake"
    cpu = Pipeline.open(analyzer, device="cpu", variant="int8", threads=1, batch_size=8)
    assert (cpu.backend.name, cpu.backend.variant, cpu.batch_size) == ("onnxruntime-cpu", "int8", 8)


def test_a_gpu_backend_runs_the_named_variant_and_says_which(analyzer):
    gpu = Probe(("CUDAExecutionProvider",), False)
    chosen = build_backend(analyzer.manifest, "auto", host=gpu)
    named = build_backend(analyzer.manifest, "auto", host=gpu, variant="int8")
    assert (chosen.primary.providers[0], chosen.variant) == ("CUDAExecutionProvider", "fp16")
    assert named.variant == "int8"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"device": "tpu"}, r"device: unknown backend 'tpu' \(one of auto, cuda, cpu, triton, fake\)"),
        ({"device": "triton"}, "triton_url: backend triton needs a Triton URL"),
        (
            {"device": "fake", "variant": "fp32"},
            "variant: 'fp32' names an ONNX file; backend fake runs its own",
        ),
        ({"device": "cpu", "variant": "fp8"}, r"variant 'fp8' not in this model \(has \["),
    ],
)
def test_a_bad_device_or_variant_is_a_config_error_naming_it(analyzer, kwargs, message):
    with pytest.raises(ConfigError, match=message):
        Pipeline.open(analyzer, **kwargs)
