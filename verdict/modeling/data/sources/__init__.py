"""Adapters from the shared public data sets (`../shared/data`) to `Example`s, and the registry of them.

Each adapter is `load_<name>(root, *, skipped=None) -> list[Example]`: it reads its files under `root`,
labels only the heads its source labels completely, and counts unreadable rows in `skipped[name]` rather
than failing. Splits are assigned later, by `verdict.modeling.data.build`. The label tables are in `labels.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from verdict.modeling.data.schema import Example
from verdict.modeling.data.sources.benign import (
    load_coconot,
    load_gpteacher,
    load_medquad,
    load_oasst_outputs,
    load_persona_chat,
    load_persona_turns,
    load_short_benign,
)
from verdict.modeling.data.sources.posts import (
    load_convabuse,
    load_davidson,
    load_hatemoji_build,
    load_hatexplain,
    load_reddit_mental_health,
    load_toxic_spans,
    load_toxigen_seed,
)
from verdict.modeling.data.sources.reader import HARMBENCH_VAL
from verdict.modeling.data.sources.requests import (
    load_ailuminate,
    load_catqa,
    load_cyberseceval,
    load_donotanswer,
    load_harmbench,
    load_realtoxicityprompts,
    load_strongreject,
)
from verdict.modeling.data.sources.responses import (
    load_diasafety,
    load_gptfuzz_responses,
    load_harmful_responses,
)
from verdict.modeling.data.sources.wnut import load_wnut17


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    load: Callable[..., list[Example]]
    files: tuple[str, ...]  # glob patterns relative to the data root: what the adapter reads
    cap: int  # default most examples kept, so no one source dominates the topic head


# Caps keep the train split near 40k examples with the default synthetic counts (it was 25k, about 40
# minutes of training on 2 CPU cores, before the hard and short negatives). Real assistant outputs
# (gptfuzz), benign answers cut to sentences and the entity source get the most room; the big tweet and
# benign sets are sampled.
SOURCES: tuple[Source, ...] = (
    Source("ailuminate", load_ailuminate, ("topics/ailuminate/*.csv",), 1200),
    # Both HarmBench sources read harmbench_val's behaviours only to leave them out (reader.py); it is
    # listed because what they keep depends on it, so its hash belongs with the build's.
    Source(
        "harmbench",
        load_harmbench,
        ("topics/harmful_requests/harmbench_behaviors_text_all.csv", HARMBENCH_VAL),
        1000,
    ),
    Source("strongreject", load_strongreject, ("topics/harmful_requests/strongreject_dataset.csv",), 1000),
    Source("catqa", load_catqa, ("topics/red_instruct/catqa_english.json",), 1000),
    Source("donotanswer", load_donotanswer, ("topics/donotanswer/*.jsonl",), 1000),
    Source("realtoxicityprompts", load_realtoxicityprompts, ("topics/realtoxicityprompts/*.txt",), 1000),
    Source("cyberseceval", load_cyberseceval, ("topics/cyberseceval/*.json",), 1200),
    Source("davidson", load_davidson, ("topics/davidson/labeled_data.csv",), 1000),
    Source("hatexplain", load_hatexplain, ("topics/hatexplain/preprocessed.csv",), 1000),
    Source("toxic_spans", load_toxic_spans, ("topics/toxic_spans/*.csv",), 1000),
    Source("convabuse", load_convabuse, ("topics/convabuse/*.csv",), 800),
    Source("hatemoji_build", load_hatemoji_build, ("topics/hatemoji_build/hatemoji_build.jsonl.gz",), 2500),
    Source("toxigen_seed", load_toxigen_seed, ("topics/toxigen_seed/toxigen_seed.jsonl.gz",), 800),
    Source("reddit_mental_health", load_reddit_mental_health, ("topics/reddit_mental_health/*.csv",), 1000),
    Source("gptfuzz_responses", load_gptfuzz_responses, ("topics/gptfuzz_responses/*.csv",), 2000),
    Source("diasafety", load_diasafety, ("topics/diasafety/diasafety.jsonl.gz",), 3000),
    Source(
        "harmful_responses",
        load_harmful_responses,
        (
            "topics/harmful_responses/many_shot_examples.json",
            "topics/harmful_requests/harmbench_behaviors_text_all.csv",
            HARMBENCH_VAL,
        ),
        1000,
    ),
    Source("oasst_outputs", load_oasst_outputs, ("benign/oasst_outputs/outputs.jsonl.gz",), 3000),
    Source("gpteacher", load_gpteacher, ("benign/gpteacher/*/*.json",), 800),
    Source("medquad", load_medquad, ("benign/medquad/medquad_qa.jsonl.gz",), 600),
    Source("persona_chat", load_persona_chat, ("benign/persona_chat/*.csv",), 1500),
    Source("persona_turns", load_persona_turns, ("benign/persona_chat/*.csv",), 3000),
    Source("coconot", load_coconot, ("benign/coconot/coconot.jsonl.gz",), 1800),
    Source(
        "short_benign",
        load_short_benign,
        ("benign/oasst_outputs/outputs.jsonl.gz", "benign/medquad/medquad_qa.jsonl.gz"),
        4000,
    ),
    Source("wnut17", load_wnut17, ("pii/wnut17/*.conll",), 1500),
)
SOURCE_BY_NAME: dict[str, Source] = {s.name: s for s in SOURCES}


def source_files(root: Path, source: Source) -> list[Path]:
    return sorted({p for pattern in source.files for p in root.glob(pattern) if p.is_file()})
