"""The benchmark corpus is seeded, labelled and spans what it says; peers are scored by overlap."""

from __future__ import annotations

from benchmarks import corpus
from benchmarks.peers import score


def test_corpus_is_deterministic_and_labelled():
    first, second = corpus.build(200, seed=3), corpus.build(200, seed=3)
    assert [e.text for e in first] == [e.text for e in second]
    kinds = {e.meta["kind"] for e in first}
    assert {"clean", "pii", "secret"} <= kinds
    for ex in first:
        for span in ex.entities:
            assert span.type in corpus.ENTITY_TYPES
            assert ex.text[span.start : span.end].strip() == ex.text[span.start : span.end]
        if ex.meta["kind"] == "secret":
            assert ex.leakage == ("credentials",) and ex.entities


def test_buckets_grow_with_their_target():
    groups = corpus.by_bucket(corpus.build(300, seed=5))
    means = [sum(len(e.text) for e in g) / len(g) for _, g in sorted(groups.items())]
    assert means == sorted(means)


def test_score_matches_overlapping_spans_of_the_same_type():
    ex = corpus.Corpus(1).example("x", 40, "pii")
    gold = ex.entities[0]
    right = (gold.start + 1, gold.end - 1, gold.type)
    wrong_type = (gold.start, gold.end, "IP_ADDRESS" if gold.type != "IP_ADDRESS" else "PERSON")
    scores = score([ex], {"x": ([right, wrong_type], {"has_pii"})}, corpus.PII_TYPES, ("has_pii",))
    assert scores[gold.type]["recall"] == 1.0 and scores[gold.type]["precision"] == 1.0
    assert scores[wrong_type[2]]["precision"] == 0.0
    assert scores["has_pii"]["recall"] == 1.0
