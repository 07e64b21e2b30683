"""Running the serving engine over labeled examples: the runtime's one loop (`verdict.runtime.pipeline`),
the path `verdict scan` takes.

The backend runs once per variant; its window outputs are kept so the analyzer can finish them more
than once (a low-floor pass for threshold search, then the pass with the thresholds in force) without
a second inference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

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


@dataclass(frozen=True, slots=True)
class Engine:
    """A model version as `verdict serve` runs it, with the shipped default policy: what the transfer
    benchmark and the first-use cases put their texts through."""

    manifest: Manifest
    analyzer: Analyzer
    pipeline: Pipeline
    decide: Callable  # Analysis -> Verdict under the shipped default policy

    @classmethod
    def open(
        cls,
        model_dir: str | Path,
        *,
        device: str = "auto",
        variant: str | None = None,
        threads: int | None = None,
        triton_url: str | None = None,
        batch_size: int = 32,
    ) -> Engine:
        """`variant`: the model file to run (None: as serving picks it for the device)."""
        from verdict.governance.policy.deciding import decider

        manifest = Manifest.load(model_dir)
        analyzer = Analyzer(manifest)
        pipeline = Pipeline.open(
            analyzer,
            device=device,
            variant=variant,
            threads=threads,
            triton_url=triton_url,
            batch_size=batch_size,
        )
        return cls(manifest, analyzer, pipeline, decider(None, manifest.model_version))

    def analyze(
        self, ids: Sequence[str], texts: Sequence[str], *, source: str, variant: str
    ) -> list[Analysis]:
        """`texts` through the engine, each as an unlabeled output (no system prompt)."""
        examples = [
            Example(id=i, text=t, source=source, labeled=("topics",), split="test")
            for i, t in zip(ids, texts, strict=True)
        ]
        return run_engine(self.pipeline, examples, variant=variant).finish(self.analyzer)


def with_thresholds(manifest: Manifest, thresholds: Thresholds) -> Manifest:
    """The same model with other thresholds, in memory only (the manifest on disk is untouched)."""
    return replace(manifest, thresholds=thresholds)


def floor_thresholds(thresholds: Thresholds, entity_types: Sequence[str], floor: float) -> Thresholds:
    """Entity thresholds lowered to `floor` so the analyzer keeps every span a search may want."""
    entities = {t: min(floor, thresholds.for_label("entities", t)) for t in entity_types}
    return replace(thresholds, entities=entities)
