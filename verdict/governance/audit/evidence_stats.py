"""The numbers of the evidence report, computed from audit records over a window [since, until).

Everything here is plain data (dicts of numbers and strings) so the HTML page and the JSON export say
the same thing. Drift uses a two-proportion z-test per finding category: the share of outputs with at
least one finding of the category in window A vs window B (and per pair of consecutive model
versions); a shift is flagged at p < 0.01. Without a baseline window, the window's outputs are split
at their median time (two halves with data, not two halves of the clock, one of which may be empty);
where either side has no outputs, the test says it was not run instead of reporting p = 1.

Latency is the server's `timings_ms["total_ms"]` (verdict.serving.timings.Timings.as_dict).

Besides verdicts the log holds the events an auditor asks about, each a record of its own `kind`:
`gap` (records the writer had to drop, `extra.dropped`), `start` (a server process started writing:
a restart when the chain had records before it) and `refusal` (a request refused without a verdict,
`extra.reason`: auth, overload, deadline, ...). The report counts each, overall and per tenant.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from verdict.governance.audit.record import AuditRecord, parse_ts, utc_ts
from verdict.governance.policy.actions import ACTING, BY_RANK

CATEGORIES = ("pii", "topic", "leakage")
GAP, START, REFUSAL = "gap", "start", "refusal"  # record kinds besides "verdict"
REFUSAL_REASONS = ("auth", "overload", "deadline")  # always shown, zero or not
ACTIONS = tuple(a.value for a in BY_RANK)
ALPHA = 0.01
LATENCY_KEY = "total_ms"  # the key the server writes (Timings.as_dict)


def percentile(sorted_values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of an already sorted list."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return float(sorted_values[rank - 1])


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """(z, two-sided p) for H0: the two proportions are equal."""
    if n1 == 0 or n2 == 0:
        return 0.0, 1.0
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0, 1.0
    z = (x2 / n2 - x1 / n1) / se
    return z, math.erfc(abs(z) / math.sqrt(2))


def _categories(record: AuditRecord) -> set[str]:
    return {f["category"] for f in record.findings}


def drift(a: Sequence[AuditRecord], b: Sequence[AuditRecord], label_a: str, label_b: str) -> dict:
    out = {"a": label_a, "b": label_b, "test": "two-proportion z-test", "alpha": ALPHA}
    if not a or not b:
        side = "A" if not a else "B"
        return {**out, "tested": False, "note": f"not tested: window {side} has no outputs", "rows": []}
    rows = []
    for category in CATEGORIES:
        x1 = sum(category in _categories(r) for r in a)
        x2 = sum(category in _categories(r) for r in b)
        z, p = two_proportion_z(x1, len(a), x2, len(b))
        rows.append(
            {
                "category": category,
                "a_count": x1,
                "a_total": len(a),
                "a_rate": x1 / len(a) if a else None,
                "b_count": x2,
                "b_total": len(b),
                "b_rate": x2 / len(b) if b else None,
                "z": round(z, 3),
                "p_value": p,
                "flagged": p < ALPHA,
            }
        )
    return {**out, "tested": True, "note": "", "rows": rows}


def bucket_size(since: datetime, until: datetime) -> timedelta:
    span = until - since
    for size in (
        timedelta(minutes=5),
        timedelta(hours=1),
        timedelta(hours=6),
        timedelta(days=1),
        timedelta(days=7),
    ):
        if span / size <= 60:
            return size
    return timedelta(days=30)


def _versions(records: Sequence[AuditRecord], field: str) -> dict:
    seen: dict[str, dict] = {}
    changes = []
    current = None
    for r in sorted(records, key=lambda r: (r.ts, r.instance, r.seq)):
        value = getattr(r, field)
        info = seen.setdefault(value, {"version": value, "first_seen": r.ts, "last_seen": r.ts, "outputs": 0})
        info["last_seen"] = r.ts
        info["outputs"] += 1
        if value != current:
            changes.append({"at": r.ts, "from": current, "to": value, "instance": r.instance})
            current = value
    return {"in_force": list(seen.values()), "changes": changes}


def _halves(verdicts: Sequence[AuditRecord], since: datetime, until: datetime) -> dict:
    """Drift between the earlier and the later half of the window's outputs, split at the median time."""
    ordered = sorted(verdicts, key=lambda r: r.ts)
    if len(ordered) < 2:
        label = f"[{utc_ts(since)}, {utc_ts(until)})"
        return drift(ordered, [], label, "(none: fewer than 2 outputs in the window)")
    cut = ordered[len(ordered) // 2].ts
    a = [r for r in ordered if r.ts < cut]
    b = [r for r in ordered if r.ts >= cut]
    return drift(a, b, f"[{utc_ts(since)}, {cut})", f"[{cut}, {utc_ts(until)})")


def refusals(records: Sequence[AuditRecord]) -> dict[str, int]:
    """Refusal records by reason: the usual ones always listed, any other reason the server gave too."""
    counted = Counter(str(r.extra.get("reason") or "unspecified") for r in records if r.kind == REFUSAL)
    return {**{reason: counted.pop(reason, 0) for reason in REFUSAL_REASONS}, **dict(sorted(counted.items()))}


def restarts(records: Sequence[AuditRecord]) -> list[dict]:
    """Every server start in the window: when, which chain (instance), and the seq it began at."""
    starts = sorted((r for r in records if r.kind == START), key=lambda r: (r.ts, r.instance, r.seq))
    # seq 1 is a chain's first record: a first start, not a restart
    return [
        {"at": r.ts, "instance": r.instance, "seq": r.seq, "restart": r.seq > 1, **dict(r.extra)}
        for r in starts
    ]


def per_tenant(records: Sequence[AuditRecord]) -> list[dict]:
    """One row per tenant: outputs, actions decided and enforced, findings by category, refusals."""
    by_tenant: dict[str, list[AuditRecord]] = defaultdict(list)
    for r in records:
        if r.kind in ("verdict", REFUSAL):
            by_tenant[r.tenant].append(r)
    rows = []
    for tenant, own in sorted(by_tenant.items()):
        verdicts = [r for r in own if r.kind == "verdict"]
        enforced = Counter(r.enforced_action for r in verdicts)
        rows.append(
            {
                "tenant": tenant,
                "outputs": len(verdicts),
                "enforced_actions": {a: enforced.get(a, 0) for a in ACTIONS},
                "shadow_outputs": sum(r.mode == "shadow" for r in verdicts),
                "with_findings": {c: sum(c in _categories(r) for r in verdicts) for c in CATEGORIES},
                "refusals": sum(r.kind == REFUSAL for r in own),
            }
        )
    return rows


def compute(
    records: Iterable[AuditRecord],
    *,
    since: datetime,
    until: datetime,
    compare: tuple[datetime, datetime, Iterable[AuditRecord]] | None = None,
    chain: dict | None = None,
) -> dict:
    all_records = list(records)
    verdicts = [r for r in all_records if r.kind == "verdict"]
    gaps = [r for r in all_records if r.kind == GAP]
    actions = Counter(r.action for r in verdicts)
    enforced = Counter(r.enforced_action for r in verdicts)
    shadow = [r for r in verdicts if r.mode == "shadow"]
    would_have = Counter(r.action for r in shadow if r.action != r.enforced_action)
    by_category = Counter(c for r in verdicts for c in _categories(r))
    by_type = Counter(f["type"] for r in verdicts for f in r.findings)

    size = bucket_size(since, until)
    n_buckets = max(1, math.ceil((until - since) / size))
    series = {c: [0] * n_buckets for c in CATEGORIES}
    volume = [0] * n_buckets
    for r in verdicts:
        i = min(n_buckets - 1, int((parse_ts(r.ts) - since) / size))
        volume[i] += 1
        for c in _categories(r):
            series[c][i] += 1

    latencies = sorted(float(r.timings_ms[LATENCY_KEY]) for r in verdicts if LATENCY_KEY in r.timings_ms)
    if compare is None:
        time_drift = _halves(verdicts, since, until)
    else:
        c_since, c_until, c_records = compare
        baseline = [r for r in c_records if r.kind == "verdict"]
        time_drift = drift(
            baseline,
            verdicts,
            f"[{utc_ts(c_since)}, {utc_ts(c_until)})",
            f"[{utc_ts(since)}, {utc_ts(until)})",
        )

    models = _versions(verdicts, "model_version")
    by_model: dict[str, list[AuditRecord]] = defaultdict(list)
    for r in verdicts:
        by_model[r.model_version].append(r)
    order = [v["version"] for v in sorted(models["in_force"], key=lambda v: v["first_seen"])]
    model_drift = [drift(by_model[x], by_model[y], x, y) for x, y in zip(order, order[1:])]

    return {
        "window": {
            "since": utc_ts(since),
            "until": utc_ts(until),
            "bucket_seconds": int(size.total_seconds()),
        },
        "summary": {
            "outputs_evaluated": len(verdicts),
            "outputs_with_findings": sum(1 for r in verdicts if r.findings),
            "actions": {a: actions.get(a, 0) for a in ACTIONS},
            "enforced_actions": {a: enforced.get(a, 0) for a in ACTIONS},
            "shadow_outputs": len(shadow),
            "shadow_would_have": {a.value: would_have.get(a.value, 0) for a in ACTING},
            "tenants": sorted({r.tenant for r in verdicts}),
            "audit_gaps": {
                "records": len(gaps),
                "dropped": sum(int(g.extra.get("dropped", 0)) for g in gaps),
                "list": [{"at": g.ts, "instance": g.instance, **dict(g.extra)} for g in gaps],
            },
            "refusals": refusals(all_records),
            "restarts": restarts(all_records),
        },
        "tenants": per_tenant(all_records),
        "violations": {
            "by_category": {c: by_category.get(c, 0) for c in CATEGORIES},
            "by_type": dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
            "series": {
                "bucket_starts": [utc_ts(since + i * size) for i in range(n_buckets)],
                "volume": volume,
                **series,
            },
        },
        "latency_ms": {
            "samples": len(latencies),
            "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95),
            "p99": percentile(latencies, 99),
            "max": latencies[-1] if latencies else None,
        },
        "versions": {"model": models, "policy": _versions(verdicts, "policy_version")},
        "drift": {"time_windows": time_drift, "model_versions": model_drift},
        "chain": chain or {},
    }
