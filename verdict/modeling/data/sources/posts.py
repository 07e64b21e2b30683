"""Adapters for human-written posts labelled for abuse, hate or self-harm (tweets, comments, forum posts,
abusive turns to chatbots)."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from pathlib import Path

from verdict.modeling.data.schema import Example
from verdict.modeling.data.sources import labels
from verdict.modeling.data.sources.reader import collect, make, read_csv, read_jsonl

# Toxic Spans: share of annotators who found a comment toxic for it to count as harassment, and at or
# below which it is a negative; comments in between are ambiguous and dropped.
TOXIC_AT_LEAST = 2 / 3
CLEAN_AT_MOST = 1 / 3
# ConvAbuse: share of annotators who must tick an abuse type for it to count.
CONVABUSE_TYPE_SHARE = 0.5


def load_davidson(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    return collect(
        "davidson",
        read_csv(root / "topics/davidson/labeled_data.csv"),
        # Tweets are HTML-escaped in the file ("&amp;"); the model will see raw text.
        lambda r: make("davidson", r[""], html.unescape(r["tweet"]), labels.DAVIDSON[r["class"]]),
        skipped,
    )


def load_hatexplain(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    return collect(
        "hatexplain",
        enumerate(read_csv(root / "topics/hatexplain/preprocessed.csv")),
        lambda item: make("hatexplain", item[0], item[1]["text"], labels.HATEXPLAIN[item[1]["label"]]),
        skipped,
    )


def _toxic_spans_votes(root: Path) -> dict[str, list[tuple[bool, bool]]]:
    """comment id -> per annotator (found it toxic, marked an identity-based attack)."""
    span_types: dict[str, set[str]] = defaultdict(set)
    for row in read_csv(root / "topics/toxic_spans/spans.csv"):
        span_types[row["annotation"]].add(row["type"].strip())
    votes: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for row in read_csv(root / "topics/toxic_spans/annotations.csv"):
        types = span_types.get(row["annotation"], set())
        # An annotator either marks spans or flags the whole comment ("all toxic"); "not toxic" is set
        # inconsistently in this release (often together with "all toxic") and is not used.
        toxic = bool(types) or row["all toxic"] == "True"
        votes[row["comment_id"]].append((toxic, any(t.startswith("Identity") for t in types)))
    return votes


def load_toxic_spans(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    votes = _toxic_spans_votes(root)

    def convert(r: dict) -> Example | None:
        comment_votes = votes.get(r["comment_id"])
        if not comment_votes:
            return None
        share = sum(toxic for toxic, _ in comment_votes) / len(comment_votes)
        if share >= TOXIC_AT_LEAST:
            identity = sum(ident for _, ident in comment_votes) / len(comment_votes) >= 0.5
            topics = ("harassment", "hate") if identity else ("harassment",)
        elif share <= CLEAN_AT_MOST:
            topics = ()
        else:
            return None
        return make("toxic_spans", r["comment_id"], r["comment_text"], topics)

    return collect("toxic_spans", read_csv(root / "topics/toxic_spans/comments.csv"), convert, skipped)


def convabuse_topics(row: dict) -> tuple[str, ...] | None:
    """Topics of one user turn from its annotators' votes; None when the majority found it ambiguous."""
    annotators = sorted(
        {key.split("_", 1)[0] for key in row if key.startswith("Annotator") and row[key] != ""}
    )
    severity: Counter = Counter()
    types: Counter = Counter()
    for annotator in annotators:
        for level in ("1", "0", "-1", "-2", "-3"):
            if row.get(f"{annotator}_is_abuse.{level}") == "1":
                severity[
                    "abusive" if level.startswith("-") else ("clean" if level == "1" else "ambiguous")
                ] += 1
        for kind in labels.CONVABUSE_TYPES:
            if row.get(f"{annotator}_{kind}") == "1":
                types[kind] += 1
    verdict, _ = severity.most_common(1)[0]
    if verdict == "clean":
        return ()
    if verdict == "ambiguous":
        return None
    topics = ["harassment"]
    for kind, votes in types.items():
        if votes / len(annotators) >= CONVABUSE_TYPE_SHARE:
            topics.extend(labels.CONVABUSE_TYPES[kind])
    return tuple(dict.fromkeys(topics))


def load_convabuse(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    out: list[Example] = []
    for part in ("train", "valid", "test"):

        def convert(r: dict, part: str = part) -> Example | None:
            topics = convabuse_topics(r)
            if topics is None:
                return None
            return make(
                "convabuse", f"{part}-{r['example_id']}", r["user"], topics, group=f"conv-{r['conv_id']}"
            )

        out += collect(
            "convabuse", read_csv(root / f"topics/convabuse/ConvAbuseEMNLP{part}.csv"), convert, skipped
        )
    return out


def load_reddit_mental_health(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    def convert(item: tuple[int, dict]) -> Example | None:
        n, r = item
        topics = labels.REDDIT[r["subreddit"]]
        return (
            None
            if topics is None
            else make("reddit_mental_health", f"{r['subreddit']}-{n}", r["post"], topics)
        )

    rows = enumerate(read_csv(root / "topics/reddit_mental_health/rmhd_27subreddits_slim.csv"))
    return collect("reddit_mental_health", rows, convert, skipped)


def _hate_or_not(label: int) -> tuple[str, ...]:
    """Topics of a post its set labels only hateful (1) or not (0)."""
    if label not in (0, 1):
        raise ValueError(f"label {label!r}")
    return labels.HATE_SPEECH if label == 1 else ()


def load_hatemoji_build(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    def convert(r: dict) -> Example | None:
        # An original and its perturbation (an emoji or a word swapped) share a split, or a test post would
        # be one edit away from a train post. The set's own splits are not kept: the build splits by group.
        pair = "-".join(sorted((r["id"], r["matched_id"])))
        return make("hatemoji_build", r["id"], r["text"], _hate_or_not(r["label"]), group=f"pair-{pair}")

    rows = read_jsonl(root / "topics/hatemoji_build/hatemoji_build.jsonl.gz")
    return collect("hatemoji_build", rows, convert, skipped)


def load_toxigen_seed(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    # Implicit hate next to neutral statements about the same groups: the negatives mention the groups too,
    # so a group's name alone is no evidence of hate. The set is deduplicated: each statement its own group.
    rows = enumerate(read_jsonl(root / "topics/toxigen_seed/toxigen_seed.jsonl.gz"))
    return collect(
        "toxigen_seed",
        rows,
        lambda item: make("toxigen_seed", item[0], item[1]["text"], _hate_or_not(item[1]["label"])),
        skipped,
    )
