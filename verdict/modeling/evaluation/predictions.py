"""Running the serving engine over labeled examples: Analyzer + OnnxBackend, the path `verdict scan` takes.

The backend runs once per variant; its window outputs are kept so the analyzer can finish them more
than once (a low-floor pass for threshold search, then the pass with the thresholds in force) without
a second inference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from verdict.modeling.data.schema import Example
from verdict.runtime.analyzer import Analyzer, Prepared, run_windows
from verdict.runtime.backends.base import Backend, WindowOutput
from verdict.runtime.findings import Analysis
from verdict.runtime.manifest import Manifest, Thresholds

CHUNK_EXAMPLES = 256  # examples per inference round: bounds memory, keeps the progress bar moving


@dataclass(frozen=True, slots=True)
class Run:
    """One variant's raw engine outputs for a sequence of examples, in their order."""

    variant: str
    prepared: tuple[Prepared, ...]
    outputs: tuple[tuple[WindowOutput, ...], ...]

    def finish(self, analyzer: Analyzer) -> list[Analysis]:
        return [analyzer.finish(p, out) for p, out in zip(self.prepared, self.outputs, strict=True)]


def load_backend(manifest: Manifest, variant: str | None, threads: int | None = None):
    from verdict.runtime.backends.onnx import OnnxBackend

    backend = OnnxBackend(manifest, variant=variant, threads=threads)
    backend.load()
    return backend


def run_engine(
    analyzer: Analyzer,
    backend: Backend,
    examples: Sequence[Example],
    *,
    batch_size: int = 32,
    progress: bool = True,
    variant: str = "",
) -> Run:
    """Prepare every example (with its system prompt, as the server would) and predict its windows."""
    from tqdm import tqdm

    prompts = sorted({ex.system_prompt for ex in examples if ex.system_prompt})
    # Each distinct system prompt is embedded once, by the same backend, as the server caches per route.
    embedded = (
        dict(zip(prompts, analyzer.embed_prompts(prompts, backend, batch_size=batch_size))) if prompts else {}
    )
    prepared: list[Prepared] = []
    outputs: list[tuple[WindowOutput, ...]] = []
    with tqdm(total=len(examples), unit="ex", desc=f"eval {variant}".strip(), disable=not progress) as bar:
        for begin in range(0, len(examples), CHUNK_EXAMPLES):
            chunk = [_prepare(analyzer, ex, embedded) for ex in examples[begin : begin + CHUNK_EXAMPLES]]
            predicted = run_windows([p.windows for p in chunk], backend, batch_size=batch_size)
            outputs += [tuple(out) for out in predicted]
            prepared += chunk
            bar.update(len(chunk))
    return Run(variant or getattr(backend, "variant", ""), tuple(prepared), tuple(outputs))


def _prepare(analyzer: Analyzer, example: Example, embedded: dict[str, np.ndarray]) -> Prepared:
    prompt = example.system_prompt or None
    return analyzer.prepare(
        example.text, system_prompt=prompt, prompt_embeddings=embedded[prompt][None, :] if prompt else None
    )


def with_thresholds(manifest: Manifest, thresholds: Thresholds) -> Manifest:
    """The same model with other thresholds, in memory only (the manifest on disk is untouched)."""
    return replace(manifest, thresholds=thresholds)


def floor_thresholds(thresholds: Thresholds, entity_types: Sequence[str], floor: float) -> Thresholds:
    """Entity thresholds lowered to `floor` so the analyzer keeps every span a search may want."""
    entities = {t: min(floor, thresholds.for_label("entities", t)) for t in entity_types}
    return replace(thresholds, entities=entities)
