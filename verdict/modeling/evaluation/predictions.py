"""Running the serving engine over labeled examples: the runtime's one loop (`verdict.runtime.pipeline`),
the path `verdict scan` takes.

The backend runs once per variant; its window outputs are kept so the analyzer can finish them more
than once (a low-floor pass for threshold search, then the pass with the thresholds in force) without
a second inference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from verdict.modeling.data.schema import Example
from verdict.runtime.analyzer import Analyzer
from verdict.runtime.backends.base import WindowOutput
from verdict.runtime.findings import Analysis
from verdict.runtime.manifest import Manifest, Thresholds
from verdict.runtime.pipeline import Pipeline, Prepared, finish


@dataclass(frozen=True, slots=True)
class Run:
    """One variant's raw engine outputs for a sequence of examples, in their order."""

    variant: str
    prepared: tuple[Prepared, ...]
    outputs: tuple[tuple[WindowOutput, ...], ...]

    def finish(self, analyzer: Analyzer) -> list[Analysis]:
        return finish(analyzer, self.prepared, self.outputs)


def run_engine(
    pipeline: Pipeline, examples: Sequence[Example], *, progress: bool = True, variant: str = ""
) -> Run:
    """Prepare every example (with its system prompt, as the server would) and predict its windows."""
    from tqdm import tqdm

    variant = variant or getattr(pipeline.backend, "variant", "")
    prepared: list[Prepared] = []
    outputs: list[tuple[WindowOutput, ...]] = []
    texts = [ex.text for ex in examples]
    prompts = [ex.system_prompt or None for ex in examples]
    with tqdm(total=len(examples), unit="ex", desc=f"eval {variant}".strip(), disable=not progress) as bar:
        for chunk, predicted in pipeline.run(texts, prompts, progress=bar.update):
            prepared += chunk
            outputs += [tuple(out) for out in predicted]
    return Run(variant, tuple(prepared), tuple(outputs))


def with_thresholds(manifest: Manifest, thresholds: Thresholds) -> Manifest:
    """The same model with other thresholds, in memory only (the manifest on disk is untouched)."""
    return replace(manifest, thresholds=thresholds)


def floor_thresholds(thresholds: Thresholds, entity_types: Sequence[str], floor: float) -> Thresholds:
    """Entity thresholds lowered to `floor` so the analyzer keeps every span a search may want."""
    entities = {t: min(floor, thresholds.for_label("entities", t)) for t in entity_types}
    return replace(thresholds, entities=entities)
