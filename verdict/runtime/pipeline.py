"""The one loop from texts to analyses outside the server: prepare → predict → finish, in chunks.

    pipeline = Pipeline.open(Analyzer(manifest), device="auto", variant=None)  # select.build_backend
    pipeline.analyze(texts, system_prompts, progress=bar.update)               # list[Analysis], in order

Per chunk of CHUNK_TEXTS texts: each system prompt this pipeline has not seen yet is embedded (once, by
the same backend, as the server caches a route's prompts), every text is prepared with its prompt, the
chunk's windows are predicted in length-sorted batches (`run_windows`), and each text is finished.
`verdict scan`, evaluation (`verdict eval`, the transfer benchmark) and `Analyzer.analyze` all run this
loop. Chunk boundaries decide which windows share a batch, and int8 outputs depend slightly on their
batch (dynamic quantization scales by it), so one loop is also what makes the paths agree to the bit.

The analyzer's `analyze` is a call to this loop, so this module sits below `analyzer.py` and sees the
analyzer only as `Stages`; `Prepared`, the text between the stages, lives here for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from verdict.runtime.backends.base import Backend, WindowOutput
from verdict.runtime.backends.select import build_backend
from verdict.runtime.findings import Analysis
from verdict.runtime.manifest import Manifest
from verdict.runtime.normalize import Normalized
from verdict.runtime.windows import Window

CHUNK_TEXTS = 1024  # texts per round: bounds memory, keeps a progress bar moving
DEFAULT_BATCH_SIZE = 32  # windows per backend call

Progress = Callable[[int], None]  # called with the number of texts each finished chunk held


@dataclass(frozen=True, slots=True)
class Prepared:
    """A validated, normalized, windowed text waiting for its backend outputs."""

    normalized: Normalized
    windows: tuple[Window, ...]
    system_prompt: str | None = None
    protected_prompts: tuple[str, ...] = ()
    prompt_embeddings: np.ndarray | None = None  # [n_prompts, hidden] from Analyzer.embed_prompts
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def has_prompt_embeddings(self) -> bool:
        return self.prompt_embeddings is not None and len(self.prompt_embeddings) > 0

    @property
    def protected(self) -> bool:
        """Whether any prompt is known that the output could disclose (its own, the caller's protected
        context, or the route's embedded prompts)."""
        return bool(self.system_prompt or self.protected_prompts) or self.has_prompt_embeddings


class Stages(Protocol):
    """What the loop needs of `verdict.runtime.analyzer.Analyzer`."""

    manifest: Manifest

    def prepare(
        self, text: str, *, system_prompt: str | None = None, prompt_embeddings: np.ndarray | None = None
    ) -> Prepared: ...

    def finish(self, prepared: Prepared, outputs: Sequence[WindowOutput]) -> Analysis: ...

    def embed_prompts(
        self, prompts: Sequence[str], backend: Backend, *, batch_size: int = ...
    ) -> np.ndarray: ...


def load_backend(
    manifest: Manifest,
    variant: str | None = None,
    threads: int | None = None,
    *,
    device: str = "auto",
    triton_url: str | None = None,
) -> Backend:
    """A loaded backend for `manifest`, chosen as the server chooses (`select.build_backend`)."""
    backend = build_backend(manifest, device, variant=variant, threads=threads, triton_url=triton_url)
    backend.load()
    return backend


class Pipeline:
    def __init__(
        self,
        analyzer: Stages,
        backend: Backend,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        chunk_texts: int = CHUNK_TEXTS,
    ) -> None:
        self.analyzer = analyzer
        self.backend = backend
        self.batch_size = batch_size
        self.chunk_texts = chunk_texts
        self._prompts: dict[str, np.ndarray] = {}  # system prompt -> [hidden]: embedded once per pipeline

    @classmethod
    def open(
        cls,
        analyzer: Stages,
        *,
        device: str = "auto",
        variant: str | None = None,
        threads: int | None = None,
        triton_url: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> Pipeline:
        """The analyzer with a loaded backend for its manifest; ConfigError names a bad device or variant."""
        backend = load_backend(analyzer.manifest, variant, threads, device=device, triton_url=triton_url)
        return cls(analyzer, backend, batch_size=batch_size)

    def analyze(
        self,
        texts: Sequence[str],
        system_prompts: Sequence[str | None] | None = None,
        *,
        progress: Progress | None = None,
    ) -> list[Analysis]:
        return list(self.analyses(texts, system_prompts, progress=progress))

    def analyses(
        self,
        texts: Sequence[str],
        system_prompts: Sequence[str | None] | None = None,
        *,
        progress: Progress | None = None,
    ) -> Iterator[Analysis]:
        """The analyses in input order, a chunk at a time (a caller can write them as they come)."""
        for prepared, outputs in self.run(texts, system_prompts, progress=progress):
            yield from finish(self.analyzer, prepared, outputs)

    def run(
        self,
        texts: Sequence[str],
        system_prompts: Sequence[str | None] | None = None,
        *,
        progress: Progress | None = None,
    ) -> Iterator[tuple[list[Prepared], list[list[WindowOutput]]]]:
        """Each chunk's prepared texts and window outputs, unfinished: for a caller that finishes the
        same outputs more than once (evaluation, under other thresholds)."""
        if system_prompts is None:
            system_prompts = [None] * len(texts)
        elif len(system_prompts) != len(texts):
            raise ValueError(f"{len(system_prompts)} system prompts for {len(texts)} texts")
        for begin in range(0, len(texts), self.chunk_texts):
            end = begin + self.chunk_texts
            prepared = self.prepare(texts[begin:end], system_prompts[begin:end])
            outputs = self.predict(prepared)
            if progress is not None:
                progress(len(prepared))
            yield prepared, outputs

    def prepare(self, texts: Sequence[str], system_prompts: Sequence[str | None]) -> list[Prepared]:
        """Each text prepared with its system prompt's embedding (prompts new to the pipeline embedded)."""
        new = sorted({p for p in system_prompts if p} - self._prompts.keys())
        if new:
            embedded = self.analyzer.embed_prompts(new, self.backend, batch_size=self.batch_size)
            self._prompts.update(zip(new, embedded))
        return [
            self.analyzer.prepare(
                text,
                system_prompt=prompt,
                prompt_embeddings=self._prompts[prompt][None, :] if prompt else None,
            )
            for text, prompt in zip(texts, system_prompts, strict=True)
        ]

    def predict(self, prepared: Sequence[Prepared]) -> list[list[WindowOutput]]:
        return run_windows([p.windows for p in prepared], self.backend, batch_size=self.batch_size)


def finish(
    analyzer: Stages, prepared: Sequence[Prepared], outputs: Sequence[Sequence[WindowOutput]]
) -> list[Analysis]:
    return [analyzer.finish(p, out) for p, out in zip(prepared, outputs, strict=True)]


def run_windows(
    per_text: Sequence[Sequence[Window]], backend: Backend, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> list[list[WindowOutput]]:
    """Predict every window of every text, batching windows of similar length; outputs per text, in order."""
    flat = [(t, w) for t, windows in enumerate(per_text) for w in range(len(windows))]
    # Sorting by length keeps padding (and wasted compute) low inside each batch.
    flat.sort(key=lambda tw: len(per_text[tw[0]][tw[1]].ids))
    results: list[list[WindowOutput | None]] = [[None] * len(windows) for windows in per_text]
    for begin in range(0, len(flat), batch_size):
        chunk = flat[begin : begin + batch_size]
        outputs = backend.predict([per_text[t][w].ids for t, w in chunk])
        for (t, w), output in zip(chunk, outputs, strict=True):
            results[t][w] = output
    return results
