"""The analyzer: one text in, an Analysis out (findings on the ORIGINAL text, scores, embedding).

Split in two around the backend so the server can batch windows of many requests together:
`prepare` (validate, normalize, tokenize; CPU) → backend.predict on the windows → `finish` (decode,
detectors, calibration, offset mapping). `analyze` chains the three synchronously through the one loop
in `verdict.runtime.pipeline`, the loop `verdict scan` and evaluation run.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from verdict.runtime.backends.base import Backend, WindowOutput
from verdict.runtime.calibration import CANDIDATE_FLOOR
from verdict.runtime.decode import Decoded, decode, mean_embedding
from verdict.runtime.detectors import (
    DetectContext,
    PatternDetector,
    combine,
    default_detectors,
    run_detectors,
)
from verdict.runtime.disclosure import disclosure_cue
from verdict.runtime.errors import InputError
from verdict.runtime.findings import Analysis, Finding
from verdict.runtime.manifest import Manifest
from verdict.runtime.normalize import normalize
from verdict.runtime.pipeline import DEFAULT_BATCH_SIZE, Pipeline, Prepared, finish, run_windows
from verdict.runtime.spans import tidy
from verdict.runtime.taxonomy import ENTITY_BY_NAME
from verdict.runtime.windows import WindowTokenizer

DEFAULT_MAX_CHARS = 100_000
DISCLOSURE = "system_prompt_disclosure"
PROMPT_SIMILARITY_THRESHOLD = 0.8  # cosine between output and protected prompt embeddings


class Analyzer:
    def __init__(
        self, manifest: Manifest, *, detectors: Sequence | None = None, max_chars: int = DEFAULT_MAX_CHARS
    ) -> None:
        self.manifest = manifest
        self.detectors = tuple(default_detectors() if detectors is None else detectors)
        self._documentation = documentation_checks(self.detectors)
        self.max_chars = max_chars
        self.tokenizer = WindowTokenizer(manifest.tokenizer_path, manifest.max_length, manifest.stride)
        self.calibration = manifest.calibrator()

    @classmethod
    def from_model_dir(
        cls, path: str | Path, *, detectors: Sequence | None = None, max_chars: int = DEFAULT_MAX_CHARS
    ) -> Analyzer:
        return cls(Manifest.load(path), detectors=detectors, max_chars=max_chars)

    def prepare(
        self,
        text: str,
        *,
        system_prompt: str | None = None,
        protected_prompts: Sequence[str] = (),
        prompt_embeddings: np.ndarray | None = None,
    ) -> Prepared:
        self.validate(text)
        started = time.perf_counter()
        normalized = normalize(text)
        normalized_at = time.perf_counter()
        windows = tuple(self.tokenizer.encode(normalized.text))
        done = time.perf_counter()
        return Prepared(
            normalized=normalized,
            windows=windows,
            system_prompt=system_prompt,
            protected_prompts=tuple(protected_prompts),
            prompt_embeddings=prompt_embeddings,
            timings_ms={"normalize_ms": _ms(started, normalized_at), "tokenize_ms": _ms(normalized_at, done)},
        )

    def least_cost(self, text: str) -> tuple[int, int]:
        """(windows, tokens) `text` needs at least, without normalizing or tokenizing it: what admission
        can refuse on before paying for `prepare` (verdict.runtime.windows.MAX_CHARS_PER_TOKEN)."""
        return self.tokenizer.least(text)

    def finish(self, prepared: Prepared, outputs: Sequence[WindowOutput]) -> Analysis:
        started = time.perf_counter()
        decoded = decode(prepared.windows, outputs, self.manifest.labels.token_tags)
        decoded_at = time.perf_counter()
        clean = prepared.normalized.text
        context = DetectContext(
            system_prompt=prepared.system_prompt, protected_prompts=prepared.protected_prompts
        )
        rule_findings = run_detectors(clean, context, self.detectors)
        combined = combine(self._entity_findings(decoded, clean), rule_findings, clean)
        findings = [self._to_original(prepared, f) for f in combined if self._passes(f, clean)]
        raw = self._raw_scores(decoded)
        scores = self.calibration.scores(raw)
        findings += self._label_findings(prepared, decoded, scores)
        findings += self._similarity_findings(prepared, decoded)
        findings.sort(key=lambda f: (f.start, f.end, f.category, f.type, f.detector))
        timings = {
            **prepared.timings_ms,
            "decode_ms": _ms(started, decoded_at),
            "detect_ms": _ms(decoded_at, time.perf_counter()),
        }
        return Analysis(
            text=prepared.normalized.original,
            findings=tuple(findings),
            scores=scores,
            embedding=tuple(decoded.embedding.tolist()),  # float64: the same floats, without a loop
            num_tokens=decoded.num_tokens,
            num_windows=len(prepared.windows),
            timings_ms=timings,
            raw_scores=raw,
        )

    def analyze(
        self,
        texts: Sequence[str],
        backend: Backend,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        system_prompts: Sequence[str | None] | None = None,
    ) -> list[Analysis]:
        """The pipeline's loop (`verdict.runtime.pipeline`): each distinct system prompt embedded once."""
        return Pipeline(self, backend, batch_size=batch_size).analyze(texts, system_prompts)

    # Reaches the rule detectors' lazily built tables: libphonenumber's country names (0.3-0.6 s, built on
    # the first text with a postal address) and the name lists; and a phone number, an email address and
    # a key, so every detector runs once.
    WARMUP_TEXT = (
        "Send it to Jane Doe, 221B Baker Street, London NW1 6XE, United Kingdom, +44 20 7946 0958, "
        "jane.doe@example.com; the token is ghp_x7Kq2VbN4zR8tYw1mP9sL3dF6hJ0cA5eG2uT."
    )

    def warm(self, backend: Backend) -> None:
        """One text through every stage, so the first request does not pay for building the detectors'
        tables (the server calls this after the backend's own warmup, before it serves)."""
        self.analyze([self.WARMUP_TEXT], backend)

    def analyze_prepared(
        self, prepared: Sequence[Prepared], backend: Backend, *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> list[Analysis]:
        pipeline = Pipeline(self, backend, batch_size=batch_size)
        return finish(self, prepared, pipeline.predict(prepared))

    def embed_prompts(
        self, prompts: Sequence[str], backend: Backend, *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> np.ndarray:
        """[n_prompts, hidden] L2-normalized; the caller computes them once and caches them per route."""
        if not prompts:
            return np.zeros((0, self.manifest.hidden_size))
        windows = [self.tokenizer.encode(normalize(prompt).text) for prompt in prompts]
        outputs = run_windows(windows, backend, batch_size=batch_size)
        return np.stack([mean_embedding([o.embedding for o in out]) for out in outputs]).reshape(
            len(prompts), -1
        )

    @staticmethod
    def window_spans(prepared: Prepared) -> list[tuple[int, int]]:
        """Each window's content as [start, end) on the ORIGINAL text: where a stream may cut its text
        so that the windows after the cut are the same windows again (`verdict.serving.stream`)."""
        to_original = prepared.normalized.to_original
        return [to_original(w.first_char, w.last_char) for w in prepared.windows]

    def validate(self, text: object) -> None:
        """InputError unless `text` is a string within the length limit (control characters are fine)."""
        if not isinstance(text, str):
            raise InputError("text", f"must be a string, got {type(text).__name__}")
        if len(text) > self.max_chars:
            raise InputError(
                "text", f"{len(text)} characters exceeds the limit of {self.max_chars} characters"
            )

    def _entity_findings(self, decoded: Decoded, clean: str) -> list[Finding]:
        thresholds = self.manifest.thresholds.entities
        return [
            Finding(_entity_category(span.type), span.type, span.score, span.start, span.end, "model")
            for span in tidy(decoded.entities, clean)
            if span.score >= thresholds.get(span.type, 0.5)
        ]

    def _passes(self, finding: Finding, clean: str) -> bool:
        """A model-only span is held to its threshold again after validators adjusted its score
        (a card-shaped span that fails Luhn drops out), and dropped when its value is a documentation
        value the pattern detector leaves out (an address at example.org); rule and confirmed spans stand
        as they are."""
        if finding.detector != "model":
            return True
        value = clean[finding.start : finding.end]
        if any(check(value) for check in self._documentation.get(finding.type, ())):
            return False
        return finding.score >= self.manifest.thresholds.entities.get(finding.type, 0.5)

    def _label_findings(
        self, prepared: Prepared, decoded: Decoded, scores: dict[str, float]
    ) -> list[Finding]:
        """Every topic and leakage label calibrated at or above CANDIDATE_FLOOR, over the window that
        scored highest for it: candidates, not decisions (the policy's thresholds decide)."""
        labels = self.manifest.labels
        heads = (
            ("topic", labels.topics, decoded.topic_window),
            ("leakage", labels.leakage, decoded.leak_window),
        )
        findings = []
        for category, names, best_window in heads:
            # tolist(): Python ints, without a numpy scalar per lookup
            for name, window in zip(names, best_window.tolist()):
                if scores[name] < CANDIDATE_FLOOR:
                    continue
                explanation = ""
                if name == DISCLOSURE and not prepared.protected:
                    # Nothing to compare with: the output must say what it quotes (verdict.runtime.disclosure).
                    cue = disclosure_cue(prepared.normalized.text)
                    if cue is None:
                        continue
                    explanation = f"no protected prompt; the output announces a disclosure: {cue[:60]!r}"
                span = prepared.windows[window]
                start, end = prepared.normalized.to_original(span.first_char, span.last_char)
                findings.append(Finding(category, name, scores[name], start, end, "model", explanation))
        return findings

    def _similarity_findings(self, prepared: Prepared, decoded: Decoded) -> list[Finding]:
        if not prepared.has_prompt_embeddings:
            return []
        similarities = np.asarray(prepared.prompt_embeddings, dtype=np.float64) @ decoded.embedding
        best = int(np.argmax(similarities))
        if similarities[best] < PROMPT_SIMILARITY_THRESHOLD:
            return []
        # The embedding is of the whole output, so the finding spans the whole output.
        return [
            Finding(
                "leakage",
                DISCLOSURE,
                float(similarities[best]),
                0,
                len(prepared.normalized.original),
                "prompt_similarity",
                explanation=f"cosine {similarities[best]:.3f} to protected prompt #{best}",
            )
        ]

    def _raw_scores(self, decoded: Decoded) -> dict[str, float]:
        labels = self.manifest.labels
        scores = dict(zip(labels.topics, decoded.topic_probs.tolist()))
        scores.update(zip(labels.leakage, decoded.leak_probs.tolist()))
        return scores

    @staticmethod
    def _to_original(prepared: Prepared, finding: Finding) -> Finding:
        start, end = prepared.normalized.to_original(finding.start, finding.end)
        return replace(finding, start=start, end=end)


def documentation_checks(detectors: Sequence) -> dict[str, tuple]:
    """Per entity type, the documentation checks of the pattern detectors that leave such values out
    (user@example.com). The model has to agree with them: a model span the patterns would call a
    documentation value would otherwise be personal data on one prefix of a stream and not on the next,
    as the model's score for it moves (and an identifier for the name beside it)."""
    checks: dict[str, list] = {}
    for detector in detectors:
        if isinstance(detector, PatternDetector) and not detector.report_documentation:
            for pattern in detector.patterns:
                if pattern.documentation:
                    checks.setdefault(pattern.entity_type, []).append(pattern.documentation)
    return {name: tuple(found) for name, found in checks.items()}


def _entity_category(name: str) -> str:
    # A model may be trained on a type this build's taxonomy lacks; it still reports, as PII.
    entity = ENTITY_BY_NAME.get(name)
    return "leakage" if entity is not None and entity.family == "secret" else "pii"


def _ms(start: float, end: float) -> float:
    return (end - start) * 1000.0
