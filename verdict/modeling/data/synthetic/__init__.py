"""Synthetic labeled data: PII in assistant outputs (`pii`), credentials in code, configs and chat
(`secrets`), and system-prompt / confidential disclosures (`leaks`).

Each module exposes `generate(n, *, seed, split, ...) -> list[Example]`, deterministic for a seed, with
every head labeled where the generator knows the whole truth. A quarter of every template pool is held
out of train (`prose.Pool`), so dev/test measure generalization to unseen phrasings.
"""
