"""`verdict data build`: the shared public sets plus synthetic generators -> train/dev/test JSONL + stats.

Public items are split by hashing their group key (source + item, or the question/conversation they
belong to), 80/10/10, so a rebuild puts every item in the same split. Synthetic generators run once per
split with their own seed, and hold some templates out of train. A text that appears in dev or test is
dropped from train (and a test text from dev), so no split can be memorized from another.

After the dedupe, `--mixed` sets short topic texts inside benign assistant prose of the same split
(`verdict.modeling.data.mixing`). Train's go into train.jsonl; dev's and test's into dev-mixed.jsonl and
test-mixed.jsonl, so the plain dev/test numbers stay comparable with earlier model versions. `--openers`
adds answers that commit to a request in their first sentence, and the same restatements refused
(`verdict.modeling.data.openers`); dev's and test's go to <split>-openers.jsonl the same way.
pairs.jsonl holds preference pairs (`sources.preferences`: a reply and a more harmful one to one
conversation), each in the split of its conversation, for the training's ranking term.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib
import json
import os
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from verdict.modeling.data import mixing, openers
from verdict.modeling.data.schema import SPLITS, Example, write_jsonl

# Share of each split, as hash buckets out of 100.
TRAIN_BUCKETS, DEV_BUCKETS = 80, 10
SPLIT_FRACTIONS: dict[str, float] = {"train": 0.8, "dev": 0.1, "test": 0.1}
# Per-split seed offsets for the synthetic generators: dev and test never replay train's random stream.
SPLIT_SEED_OFFSET: dict[str, int] = {"train": 0, "dev": 1_000_003, "test": 2_000_003}
# generator name -> (module, default total count over the three splits)
SYNTHETIC: dict[str, tuple[str, int]] = {
    "pii": ("verdict.modeling.data.synthetic.pii", 7000),
    "secrets": ("verdict.modeling.data.synthetic.secrets", 4000),
    "leaks": ("verdict.modeling.data.synthetic.leaks", 3000),
    "advice": ("verdict.modeling.data.synthetic.advice", 1500),
    "violence": ("verdict.modeling.data.synthetic.violence", 1200),
    "harms": ("verdict.modeling.data.synthetic.harms", 2000),
    "compliance": ("verdict.modeling.data.synthetic.compliance", 3000),
    "drafts": ("verdict.modeling.data.synthetic.drafts", 2000),
    "contrast": ("verdict.modeling.data.synthetic.contrast", 3000),
    "pivots": ("verdict.modeling.data.synthetic.pivots", 2000),
}
PROMPTS_DIR = "leakage/prompt_extraction/data"
MIXED_DEFAULT = 3000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-root",
        type=Path,
        default=None,
        help="shared data directory (default: $VERDICT_DATA_ROOT, else ../shared/data)",
    )
    parser.add_argument("--out", type=Path, default=Path("build/data"), help="output directory")
    parser.add_argument("--seed", type=int, default=13)
    for name, (_, default) in SYNTHETIC.items():
        parser.add_argument(
            f"--synthetic-{name}",
            type=int,
            default=default,
            metavar="N",
            help=f"synthetic {name} examples over all splits (default {default}; 0 skips)",
        )
    parser.add_argument(
        "--mixed",
        type=int,
        default=MIXED_DEFAULT,
        metavar="N",
        help=f"topic texts set in benign prose, half benign-only, over all splits "
        f"(default {MIXED_DEFAULT}; 0 skips); dev/test ones go to <split>-mixed.jsonl",
    )
    parser.add_argument(
        "--mixed-output-weight",
        type=int,
        default=1,
        metavar="W",
        help="draw cores that are assistant outputs delivering a harm (mixing.OUTPUT_CORE_SOURCES) W times "
        "as often as posts and requests (default 1: every core alike)",
    )
    parser.add_argument(
        "--openers",
        type=int,
        default=0,
        metavar="N",
        help="answers that commit to a request (harmful: positives) or refuse it, and commitments to benign "
        "requests, over all splits (default 0: none); dev/test ones go to <split>-openers.jsonl",
    )
    parser.add_argument(
        "--preference-pairs",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="write pairs.jsonl: HH-RLHF harmlessness pairs (a reply and a more harmful one to one "
        "conversation), split by conversation, for the training's ranking term (default: on)",
    )
    parser.add_argument(
        "--max-per-source",
        type=int,
        default=None,
        metavar="N",
        help="lower every public source's cap to N examples",
    )
    parser.add_argument(
        "--source-cap",
        action="append",
        default=[],
        metavar="SOURCE=N",
        help="set one public source's cap to N examples (repeatable; --max-per-source still lowers it)",
    )
    parser.add_argument(
        "--sources", default=None, help="comma-separated public sources to read (default: all)"
    )


def source_caps(pairs: list[str]) -> dict[str, int]:
    """`--source-cap` values as {source: cap}; ValueError names a malformed pair or an unknown source."""
    from verdict.modeling.data.sources import SOURCE_BY_NAME

    caps: dict[str, int] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not value.strip().isdigit():
            raise ValueError(f"--source-cap {pair!r}: expected SOURCE=N with N a whole number")
        if name not in SOURCE_BY_NAME:
            raise ValueError(
                f"--source-cap {pair!r}: unknown source {name!r} (one of {sorted(SOURCE_BY_NAME)})"
            )
        caps[name] = int(value)
    return caps


def data_root(arg: Path | None) -> Path:
    if arg is not None:
        return arg
    return Path(os.environ.get("VERDICT_DATA_ROOT") or Path.cwd().parent / "shared" / "data")


def split_of(group: str) -> str:
    bucket = int.from_bytes(hashlib.sha256(group.encode("utf-8")).digest()[:8], "big") % 100
    if bucket < TRAIN_BUCKETS:
        return "train"
    return "dev" if bucket < TRAIN_BUCKETS + DEV_BUCKETS else "test"


def group_of(ex: Example) -> str:
    return ex.meta.get("group") or ex.id


def stratified_sample(examples: list[Example], cap: int, rng: random.Random) -> list[Example]:
    """At most `cap` examples, shared as evenly as possible across label sets, so a source's rare class
    (hate in Davidson, refusals vs. answers) is not sampled away by its common one."""
    if len(examples) <= cap:
        return list(examples)
    strata: dict[tuple, list[Example]] = defaultdict(list)
    for ex in examples:
        strata[tuple(sorted(ex.topics)) + tuple(s.type for s in ex.entities[:1])].append(ex)
    pools = [rng.sample(pool, len(pool)) for _, pool in sorted(strata.items())]
    chosen: list[Example] = []
    remaining = cap
    pools.sort(key=len)
    for i, pool in enumerate(pools):
        share = remaining // (len(pools) - i)
        chosen += pool[:share]
        remaining -= min(share, len(pool))
    return chosen


def file_hashes(root: Path, paths: set[Path]) -> list[dict]:
    out = []
    for path in sorted(paths):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        out.append({"path": path.relative_to(root).as_posix(), "sha256": digest})
    return out


def load_public(
    root: Path, args: argparse.Namespace, rng: random.Random, skipped: Counter, files: set[Path]
) -> list[Example]:
    from tqdm import tqdm

    from verdict.modeling.data.sources import SOURCES, source_files

    wanted = set(args.sources.split(",")) if args.sources else None
    caps = source_caps(args.source_cap)
    out: list[Example] = []
    for source in tqdm(
        [s for s in SOURCES if wanted is None or s.name in wanted], desc="sources", unit="src"
    ):
        examples = source.load(root, skipped=skipped)
        files.update(source_files(root, source))
        cap = caps.get(source.name, source.cap)
        cap = cap if args.max_per_source is None else min(cap, args.max_per_source)
        out += [
            dataclasses.replace(ex, split=split_of(group_of(ex)))
            for ex in stratified_sample(examples, cap, rng)
        ]
    return out


def _split_prompts(prompts: list[str]) -> dict[str, list[str]]:
    # System prompts are split like public items, so a prompt leaked in test was never leaked in train.
    by_split: dict[str, list[str]] = {s: [] for s in SPLITS}
    for prompt in prompts:
        by_split[split_of(f"prompt-{prompt}")].append(prompt)
    return by_split


def load_synthetic(root: Path, args: argparse.Namespace, files: set[Path]) -> list[Example]:
    from tqdm import tqdm

    out: list[Example] = []
    prompts: dict[str, list[str]] | None = None
    for name, (module_name, _) in tqdm(SYNTHETIC.items(), desc="synthetic", unit="gen"):
        total = getattr(args, f"synthetic_{name}")
        if total <= 0:
            continue
        module = importlib.import_module(module_name)
        extra: dict = {}
        if name == "leaks" and prompts is None:
            prompts = _split_prompts(module.load_prompts(root / PROMPTS_DIR))
            files.update(p for p in (root / PROMPTS_DIR).glob("*.jsonl"))
        for split in SPLITS:
            n = round(total * SPLIT_FRACTIONS[split])
            if n == 0:
                continue
            if prompts is not None and name == "leaks":
                extra = {"prompts": prompts[split]}
            seed = args.seed + SPLIT_SEED_OFFSET[split] + sum(map(ord, name))
            out += [
                dataclasses.replace(ex, split=split)
                for ex in module.generate(n, seed=seed, split=split, **extra)
            ]
    return out


def build_mixed(
    examples: list[Example],
    total: int,
    seed: int,
    count_tokens: mixing.TokenCounter,
    output_weight: int = 1,
) -> dict[str, list[Example]]:
    out: dict[str, list[Example]] = {}
    for split in SPLITS:
        rows = [ex for ex in examples if ex.split == split]
        n = round(total * SPLIT_FRACTIONS[split])
        # mix seeds its stream with the split's name: each split draws its own.
        out[split] = mixing.mix(
            rows, rows, n=n, seed=seed, split=split, count_tokens=count_tokens, output_weight=output_weight
        )
    return out


def build_openers(examples: list[Example], total: int, seed: int, root: Path) -> dict[str, list[Example]]:
    if total <= 0:
        return {split: [] for split in SPLITS}
    benign = openers.benign_requests(root)
    return {
        split: openers.derive(
            examples,
            benign,
            n=round(total * SPLIT_FRACTIONS[split]),
            seed=seed,
            split=split,
            split_of=split_of,
        )
        for split in SPLITS
    }


def write_held_out(out: Path, derived: dict[str, list[Example]], kind: str) -> None:
    """Dev's and test's derived examples (`kind`: mixed, openers) to <split>-<kind>.jsonl, apart from the
    plain splits."""
    for split in ("dev", "test"):
        path = out / f"{split}-{kind}.jsonl"
        if derived[split]:
            write_jsonl(path, derived[split])
        else:
            path.unlink(missing_ok=True)  # a file left from an earlier build would no longer match its splits


def write_pairs(root: Path, out: Path, skipped: Counter, files: set[Path]) -> list:
    """pairs.jsonl: the preference pairs (`sources.preferences`), each in the split of its conversation."""
    from verdict.modeling.data.sources.preferences import HH_HARMLESS, load_hh_harmless_pairs

    pairs = [
        dataclasses.replace(p, split=split_of(p.group)) for p in load_hh_harmless_pairs(root, skipped=skipped)
    ]
    files.add(root / HH_HARMLESS)
    with open(out / "pairs.jsonl", "w", encoding="utf-8") as fh:
        for pair in pairs:
            fh.write(json.dumps(pair.to_dict(), ensure_ascii=False) + "\n")
    return pairs


def dedupe(examples: list[Example]) -> tuple[list[Example], int]:
    """Drop exact-text repeats, keeping the copy in the most held-out split (test, then dev, then train)."""
    kept: dict[str, Example] = {}
    rank = {"test": 0, "dev": 1, "train": 2}
    for ex in sorted(examples, key=lambda e: rank[e.split]):
        kept.setdefault(ex.text, ex)
    return list(kept.values()), len(examples) - len(kept)


def statistics(
    examples: list[Example],
    skipped: Counter,
    dropped: int,
    files: list[dict],
    mixed: dict[str, list[Example]],
    opened: dict[str, list[Example]],
) -> dict:
    """Counts of what the split files hold (train's mixed examples and openers included); `mixed` and
    `opened` count every split's."""
    per_split: dict[str, dict] = {}
    for split in SPLITS:
        rows = [ex for ex in examples if ex.split == split]
        per_split[split] = {
            "examples": len(rows),
            "topics": dict(sorted(Counter(t for ex in rows for t in ex.topics).items())),
            "leakage": dict(sorted(Counter(t for ex in rows for t in ex.leakage).items())),
            "entities": dict(sorted(Counter(s.type for ex in rows for s in ex.entities).items())),
            "labeled": dict(sorted(Counter(h for ex in rows for h in ex.labeled).items())),
        }
    per_source: dict[str, dict] = defaultdict(lambda: {s: 0 for s in SPLITS})
    for ex in examples:
        per_source[ex.source][ex.split] += 1
    return {
        "splits": per_split,
        "sources": dict(sorted(per_source.items())),
        "skipped_rows": dict(sorted(skipped.items())),
        "duplicates_dropped": dropped,
        "mixed": {split: len(mixed[split]) for split in SPLITS},
        "openers": {split: len(opened[split]) for split in SPLITS},
        "files": files,
    }


def run(args: argparse.Namespace) -> int:
    root = data_root(args.data_root)
    if not root.is_dir():
        print(
            f"verdict data build: data root {root} is not a directory (set --data-root or VERDICT_DATA_ROOT)",
            file=sys.stderr,
        )
        return 2
    try:
        source_caps(args.source_cap)
    except ValueError as exc:
        print(f"verdict data build: {exc}", file=sys.stderr)
        return 2
    try:
        # Checked before the slow loading: mixing measures texts with the base model's tokenizer.
        count_tokens = mixing.base_token_counter() if args.mixed > 0 else None
    except ImportError as exc:
        print(
            f"verdict data build: --mixed needs the base model's tokenizer ({exc}); "
            "pip install -e '.[train]' or pass --mixed 0",
            file=sys.stderr,
        )
        return 2
    from verdict.modeling.data.sources.preferences import HH_HARMLESS

    if args.preference_pairs and not (root / HH_HARMLESS).is_file():
        print(
            f"verdict data build: {root / HH_HARMLESS} is missing (the preference pairs' source); "
            "pass --no-preference-pairs to build without pairs.jsonl",
            file=sys.stderr,
        )
        return 2
    rng = random.Random(args.seed)
    skipped: Counter = Counter()
    files: set[Path] = set()
    examples = load_public(root, args, rng, skipped, files)
    try:
        examples += load_synthetic(root, args, files)
    except ImportError as exc:
        print(
            f"verdict data build: a synthetic generator is missing ({exc}); pass --synthetic-<name> 0 to skip it",
            file=sys.stderr,
        )
        return 2
    examples, dropped = dedupe(examples)
    mixed = (
        {s: [] for s in SPLITS}
        if count_tokens is None
        else build_mixed(examples, args.mixed, args.seed, count_tokens, args.mixed_output_weight)
    )
    opened = build_openers(examples, args.openers, args.seed, root)
    if args.openers > 0:
        files.update(openers.files(root))
    examples += mixed["train"] + opened["train"]
    args.out.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        rows = [ex for ex in examples if ex.split == split]
        rows.sort(
            key=lambda ex: ex.id
        )  # a fixed order before the seeded shuffle makes the files reproducible
        random.Random(f"{args.seed}-{split}").shuffle(rows)
        write_jsonl(args.out / f"{split}.jsonl", rows)
    write_held_out(args.out, mixed, "mixed")
    write_held_out(args.out, opened, "openers")
    if args.preference_pairs:
        pairs = write_pairs(root, args.out, skipped, files)
    else:
        pairs = []
        (args.out / "pairs.jsonl").unlink(missing_ok=True)  # an earlier build's pairs are not this one's
    stats = statistics(examples, skipped, dropped, file_hashes(root, files), mixed, opened)
    stats["pairs"] = {split: sum(p.split == split for p in pairs) for split in SPLITS}
    (args.out / "stats.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    counts = ", ".join(f"{s} {stats['splits'][s]['examples']}" for s in SPLITS)
    in_mixed = ", ".join(f"{s} {len(mixed[s])}" for s in SPLITS)
    in_openers = ", ".join(f"{s} {len(opened[s])}" for s in SPLITS)
    print(
        f"wrote {args.out}: {counts}; mixed {in_mixed}, openers {in_openers} (train's in train.jsonl, dev's "
        f"and test's in <split>-mixed.jsonl and <split>-openers.jsonl); {dropped} duplicates dropped, "
        f"{sum(skipped.values())} bad rows skipped"
    )
    return 0
