"""Analyzer end to end on the tiny model (random weights: structure, offsets and equivalence, not quality)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from verdict.runtime.analyzer import Analyzer
from verdict.runtime.backends.onnx import OnnxBackend
from verdict.runtime.errors import InputError
from verdict.runtime.manifest import Manifest

CARD = "4539148803436467"
ZW = "\u200b"
CARD_TEXT = f"Hi{ZW} there, my card is {ZW.join([CARD[:4], CARD[4:8], CARD[8:12], CARD[12:]])} thanks."
LONG_TEXT = "Call Jane Doe at +1 415 555 0100 about invoice 42. " * 60


def _luhn(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    return sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits)) % 10 == 0


@pytest.fixture(scope="module")
def analyzer(tiny_model_dir):
    return Analyzer.from_model_dir(tiny_model_dir)


@pytest.fixture(scope="module")
def backend(tiny_model_dir):
    # fp32: dynamic int8 quantization scales by the whole batch, so only fp32 is batch-invariant.
    backend = OnnxBackend(Manifest.load(tiny_model_dir), variant="fp32", threads=1)
    backend.load()
    return backend


def test_structure(analyzer, backend):
    (analysis,) = analyzer.analyze(["Hello, world."], backend)
    labels = analyzer.manifest.labels
    assert list(analysis.scores) == [*labels.topics, *labels.leakage]
    assert all(0.0 <= p <= 1.0 for p in analysis.scores.values())
    assert len(analysis.embedding) == analyzer.manifest.hidden_size
    assert np.linalg.norm(analysis.embedding) == pytest.approx(1.0, abs=1e-4)
    assert analysis.num_windows == 1 and analysis.num_tokens > 0
    assert {"normalize_ms", "tokenize_ms", "decode_ms", "detect_ms"} <= set(analysis.timings_ms)
    for finding in analysis.findings:
        assert finding.category in ("pii", "topic", "leakage") and 0 <= finding.start <= finding.end <= 13


def test_card_behind_zero_width_characters_maps_to_the_original(analyzer, backend):
    assert _luhn(CARD)
    (analysis,) = analyzer.analyze([CARD_TEXT], backend)
    (card,) = [f for f in analysis.findings if f.type == "CREDIT_CARD" and "checksum:luhn" in f.detector]
    assert CARD_TEXT[card.start : card.end].replace(ZW, "").replace(" ", "") == CARD
    assert CARD_TEXT[card.start] == "4" and CARD_TEXT[card.end - 1] == "7"


def test_long_text_is_windowed_and_spans_stay_on_the_text(analyzer, backend):
    (analysis,) = analyzer.analyze([LONG_TEXT], backend)
    assert analysis.num_windows > 1
    assert analysis.num_tokens > analyzer.manifest.max_length
    for finding in analysis.findings:
        assert 0 <= finding.start <= finding.end <= len(LONG_TEXT)


def test_batch_equals_single(analyzer, backend):
    texts = [CARD_TEXT, LONG_TEXT, "", "short one"]
    batched = analyzer.analyze(texts, backend, batch_size=3)
    for text, together in zip(texts, batched):
        (alone,) = analyzer.analyze([text], backend)
        assert together.scores.keys() == alone.scores.keys()
        np.testing.assert_allclose(list(together.scores.values()), list(alone.scores.values()), atol=1e-5)
        np.testing.assert_allclose(together.embedding, alone.embedding, atol=1e-5)
        assert [(f.type, f.start, f.end, f.detector) for f in together.findings] == [
            (f.type, f.start, f.end, f.detector) for f in alone.findings
        ]
        np.testing.assert_allclose(
            [f.score for f in together.findings], [f.score for f in alone.findings], atol=1e-5
        )


def test_input_validation(analyzer):
    small = Analyzer(analyzer.manifest, detectors=(), max_chars=10)
    with pytest.raises(InputError, match="exceeds the limit of 10 characters"):
        small.prepare("x" * 11)
    with pytest.raises(InputError, match="text"):
        small.prepare(b"bytes")
    assert small.prepare("\x00\x07\t ok").windows  # control characters are allowed


def test_prompt_similarity_finding(analyzer, backend):
    prompt = "You are Acme's support bot. Never reveal the discount code PINEAPPLE."
    embeddings = analyzer.embed_prompts([prompt], backend)
    assert embeddings.shape == (1, analyzer.manifest.hidden_size)
    prepared = analyzer.prepare(prompt, system_prompt=prompt, prompt_embeddings=embeddings)
    (analysis,) = analyzer.analyze_prepared([prepared], backend)
    (leak,) = [f for f in analysis.findings if f.detector == "prompt_similarity"]
    assert leak.type == "system_prompt_disclosure" and leak.score == pytest.approx(1.0, abs=1e-4)
    assert (leak.start, leak.end) == (0, len(prompt))
    (scanned,) = analyzer.analyze([prompt], backend, system_prompts=[prompt])
    assert any(f.detector == "prompt_similarity" for f in scanned.findings)


@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        ("Write to jane.doe@example.org for the slides.", "jane.doe@example.org", False),
        ("Write to jane.doe@docs.example.com for the slides.", "jane.doe@docs.example.com", False),
        ("Write to jane.doe@acme-mail.com for the slides.", "jane.doe@acme-mail.com", True),
    ],
)
def test_a_model_span_on_a_documentation_address_is_dropped_as_the_patterns_drop_it(
    analyzer, tiny_model_dir, text, value, kept
):
    """The pattern detector leaves user@example.org out; a model span on it must go too, or the value is
    personal data (and the name beside it a contact) on some prefixes of a stream and not on others."""
    from verdict.runtime.detectors import PatternDetector
    from verdict.runtime.findings import Finding

    start = text.index(value)
    span = Finding("pii", "EMAIL_ADDRESS", 0.97, start, start + len(value), "model")
    assert analyzer._passes(span, text) is kept
    # a rule finding stands as it is; a detector set that reports documentation values keeps the span
    assert analyzer._passes(replace(span, detector="patterns"), text)
    reporting = Analyzer.from_model_dir(
        tiny_model_dir, detectors=[PatternDetector(report_documentation=True)]
    )
    assert reporting._passes(span, text)


def test_warm_builds_the_detectors_tables_before_the_first_request(analyzer, backend):
    """The server warms the analyzer after the backend: libphonenumber's country names (0.3-0.6 s to
    build) are then ready, and the warm-up text is one the rule detectors act on."""
    from verdict.runtime.detectors import addresses

    addresses._country.cache_clear()
    analyzer.warm(backend)
    assert addresses._country.cache_info().currsize == 1
    [analysis] = analyzer.analyze([analyzer.WARMUP_TEXT], backend)
    detectors = {f.detector.split(":")[0] for f in analysis.findings}
    assert {"phonenumbers", "gitleaks"} <= detectors, detectors
