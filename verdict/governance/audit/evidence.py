"""`verdict evidence --since … --until … -o report.html [--json out.json] [--db …]`

One self-contained HTML file for an auditor (summary table first, then each control's evidence, plots
as embedded PNG) and a JSON export with the same numbers (`evidence_stats.compute`). The chain is
verified over the whole store, not only the window: a window's records are only evidence if the log
they sit in is intact. On a store that fails verification the report says so first, gives the store's
true record count, and counts only the records verification vouches for (those before the first bad
record of their chain); the others are excluded and their number is shown.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import json
import sys
from datetime import datetime, timezone
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from verdict.governance.audit.cli import add_key_arguments

    parser.add_argument(
        "--since", required=True, help="start of the window (inclusive), ISO date or time, UTC"
    )
    parser.add_argument("--until", required=True, help="end of the window (exclusive)")
    parser.add_argument("-o", "--output", required=True, help="HTML report to write")
    parser.add_argument("--json", dest="json_out", help="also write the numbers as JSON")
    from verdict.governance.audit.stores import DEFAULT_PATH

    parser.add_argument(
        "--db",
        default=DEFAULT_PATH,
        help=f"SQLite file or postgresql:// URL (default: {DEFAULT_PATH}, the server's)",
    )
    add_key_arguments(parser)
    parser.add_argument("--tenant", help="only this tenant's records")
    parser.add_argument("--compare-since", help="baseline window for drift (default: first vs second half)")
    parser.add_argument("--compare-until")


def parse_time(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def build(
    store,
    *,
    since: datetime,
    until: datetime,
    tenant: str | None = None,
    compare: tuple[datetime, datetime] | None = None,
    keys: dict | None = None,
    public_keys: dict | None = None,
) -> dict:
    from verdict.governance.audit.cli import verify_store
    from verdict.governance.audit.evidence_stats import compute
    from verdict.governance.audit.record import utc_ts

    chain = verify_store(store, keys=keys, public_keys=public_keys)
    in_window = list(store.records(utc_ts(since), utc_ts(until), tenant=tenant))
    records = [r for r in in_window if chain.trusted(r)]
    baseline = None
    if compare:
        past = store.records(utc_ts(compare[0]), utc_ts(compare[1]), tenant=tenant)
        baseline = (*compare, [r for r in past if chain.trusted(r)])
    report = compute(records, since=since, until=until, compare=baseline, chain=chain.to_dict())
    report["summary"]["unverified_excluded"] = len(in_window) - len(records)
    report["generated"] = utc_ts()
    report["tenant"] = tenant or "all"
    return report


# -- plots -----------------------------------------------------------------------------------------


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def plots(report: dict) -> dict[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = {}
    series = report["violations"]["series"]
    x = [datetime.fromisoformat(t.replace("Z", "+00:00")) for t in series["bucket_starts"]]
    fig, ax = plt.subplots(figsize=(10, 3.5))
    for category in ("pii", "topic", "leakage"):
        ax.plot(x, series[category], marker=".", label=category)
    ax.set_title("Outputs with violations, by category")
    ax.set_ylabel("outputs per bucket")
    ax.legend()
    fig.autofmt_xdate()
    out["violations"] = _png(fig)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 3))
    actions = report["summary"]["actions"]
    ax.bar(list(actions), list(actions.values()), color=["#4c9a2a", "#e0a526", "#2a6ebb", "#c0392b"])
    ax.set_title("Actions decided by policy")
    out["actions"] = _png(fig)
    plt.close(fig)
    return out


# -- HTML ------------------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list]) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_fmt(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "YES" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e-3 and value else f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def _drift_table(d: dict) -> str:
    if not d["tested"]:
        return f"<p>A = {html.escape(d['a'])}, B = {html.escape(d['b'])}: {html.escape(d['note'])}.</p>"
    rows = [
        [
            r["category"],
            r["a_count"],
            r["a_total"],
            r["a_rate"],
            r["b_count"],
            r["b_total"],
            r["b_rate"],
            r["z"],
            r["p_value"],
            r["flagged"],
        ]
        for r in d["rows"]
    ]
    return (
        f"<p>A = {html.escape(d['a'])}, B = {html.escape(d['b'])}; {d['test']}, flagged at p &lt; {d['alpha']}.</p>"
        + _table(
            [
                "category",
                "A count",
                "A outputs",
                "A rate",
                "B count",
                "B outputs",
                "B rate",
                "z",
                "p",
                "flagged",
            ],
            rows,
        )
    )


def render_html(report: dict, images: dict[str, str]) -> str:
    s, chain, lat = report["summary"], report["chain"], report["latency_ms"]
    flagged = [
        f"{r['category']} (between time windows)"
        for r in report["drift"]["time_windows"]["rows"]
        if r["flagged"]
    ]
    flagged += [
        f"{r['category']} ({d['a']}→{d['b']})"
        for d in report["drift"]["model_versions"]
        for r in d["rows"]
        if r["flagged"]
    ]
    chain_text = (
        "INTACT" if chain.get("ok") else f"FAILED at seq {chain.get('first_bad_seq')}: {chain.get('problem')}"
    )
    excluded = s.get("unverified_excluded", 0)
    warning = (
        ""
        if chain.get("ok")
        else '<p class="bad">The audit log FAILED verification. The numbers below count only the records '
        "verification vouches for (those before the first bad record of their chain); "
        f"{excluded} records of this window are excluded as unverifiable.</p>"
    )
    summary = _table(
        ["item", "value"],
        [
            ["Hash chain verification", f"{chain_text} ({chain.get('records', 0)} records in the store)"],
            ["Window", f"{report['window']['since']} to {report['window']['until']} (UTC, end exclusive)"],
            ["Tenant", report["tenant"]],
            ["Outputs evaluated", s["outputs_evaluated"]],
            ["Outputs with findings", s["outputs_with_findings"]],
            [
                "Blocked / redacted / flagged (enforced)",
                f"{s['enforced_actions']['BLOCK']} / {s['enforced_actions']['REDACT']} / {s['enforced_actions']['FLAG']}",
            ],
            [
                "Shadow mode: would have blocked / redacted / flagged",
                f"{s['shadow_would_have']['BLOCK']} / {s['shadow_would_have']['REDACT']} / {s['shadow_would_have']['FLAG']}",
            ],
            ["Latency p50 / p95 / p99 (ms)", f"{_fmt(lat['p50'])} / {_fmt(lat['p95'])} / {_fmt(lat['p99'])}"],
            [
                "Model versions in force",
                ", ".join(v["version"] for v in report["versions"]["model"]["in_force"]) or "–",
            ],
            [
                "Policy versions in force",
                ", ".join(v["version"] for v in report["versions"]["policy"]["in_force"]) or "–",
            ],
            ["Significant drift (p < 0.01)", ", ".join(flagged) or "none"],
            ["Audit gaps (records dropped)", s["audit_gaps"]["dropped"]],
            ["Records excluded as unverifiable", excluded],
        ],
    )
    a, e = s["actions"], s["enforced_actions"]
    versions = "".join(
        f"<h3>{kind.title()} versions</h3>"
        + _table(
            ["version", "first seen", "last seen", "outputs"],
            [[v["version"], v["first_seen"], v["last_seen"], v["outputs"]] for v in vs["in_force"]],
        )
        + _table(
            ["changed at", "from", "to", "instance"],
            [[c["at"], c["from"], c["to"], c["instance"]] for c in vs["changes"]],
        )
        for kind, vs in report["versions"].items()
    )
    model_drift = (
        "".join(_drift_table(d) for d in report["drift"]["model_versions"])
        or "<p>Only one model version in the window.</p>"
    )
    failures = chain.get("failures", {})
    chains = _table(
        ["instance", "verified up to seq", "hash there", "first bad seq", "problem"],
        [
            [
                k,
                v["head_seq"],
                v["head_hash"],
                failures.get(k, {}).get("first_bad_seq"),
                failures.get(k, {}).get("problem"),
            ]
            for k, v in chain.get("chains", {}).items()
        ]
        + [
            [k, 0, "", f["first_bad_seq"], f["problem"]]
            for k, f in failures.items()
            if k not in chain.get("chains", {})
        ],
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>verdict evidence report {html.escape(report["window"]["since"])}</title>
<style>
body {{ font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }}
h1 {{ border-bottom: 2px solid #333; }} h2 {{ margin-top: 1.6em; border-bottom: 1px solid #ccc; }}
table {{ border-collapse: collapse; margin: .6em 0 1em; }} td, th {{ border: 1px solid #bbb; padding: .25em .6em; text-align: left; }}
th {{ background: #f0f0f0; }} img {{ max-width: 100%; }} .ok {{ color: #1e7b1e; font-weight: bold; }} .bad {{ color: #b00; font-weight: bold; }}
</style></head><body>
<h1>verdict: runtime enforcement evidence</h1>
<p>Generated {html.escape(report["generated"])} from the audit log. Raw text is not part of this report; each record holds an HMAC of the text it judged.</p>
<h2>1. Summary</h2>{warning}{summary}
<h2>2. Chain verification</h2><p class="{"ok" if chain.get("ok") else "bad"}">{html.escape(chain_text)}</p>{chains}
<h2>3. Actions taken</h2>
{_table(["action", "decided by policy", "enforced"], [[x, a[x], e[x]] for x in a])}
<p>Shadow mode outputs: {s["shadow_outputs"]} (decided, recorded, always allowed).</p>
<img alt="actions" src="data:image/png;base64,{images["actions"]}">
<h2>4. Violations by category over time</h2>
{_table(["category", "outputs"], [[k, v] for k, v in report["violations"]["by_category"].items()])}
<img alt="violations over time" src="data:image/png;base64,{images["violations"]}">
<h3>By finding type</h3>{_table(["type", "findings"], [[k, v] for k, v in report["violations"]["by_type"].items()])}
<h2>5. Latency</h2>{_table(["samples", "p50 ms", "p95 ms", "p99 ms", "max ms"], [[lat["samples"], lat["p50"], lat["p95"], lat["p99"], lat["max"]]])}
<h2>6. Model and policy versions in force</h2>{versions}
<h2>7. Drift</h2><h3>Between time windows</h3>{_drift_table(report["drift"]["time_windows"])}
<h3>Between model versions</h3>{model_drift}
</body></html>
"""


def write(report: dict, output: str | Path, json_out: str | Path | None = None) -> None:
    Path(output).write_text(render_html(report, plots(report)), encoding="utf-8")
    if json_out:
        Path(json_out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    from verdict.governance.audit.cli import load_keys
    from verdict.governance.audit.store import MissingStoreError
    from verdict.governance.audit.stores import open_store

    since, until = parse_time(args.since), parse_time(args.until)
    if until <= since:
        print("verdict evidence: --until must be after --since", file=sys.stderr)
        return 2
    compare = None
    if args.compare_since or args.compare_until:
        if not (args.compare_since and args.compare_until):
            print("verdict evidence: give both --compare-since and --compare-until", file=sys.stderr)
            return 2
        compare = (parse_time(args.compare_since), parse_time(args.compare_until))
    try:
        store = open_store(args.db, create=False)
    except MissingStoreError as exc:
        print(f"verdict evidence: {exc}", file=sys.stderr)
        return 2
    try:
        keys, public_keys = load_keys(args.db, args.key_file, args.public_key)
        report = build(
            store,
            since=since,
            until=until,
            tenant=args.tenant,
            compare=compare,
            keys=keys,
            public_keys=public_keys,
        )
    except (OSError, ValueError) as exc:
        print(f"verdict evidence: cannot read a key file: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    write(report, args.output, args.json_out)
    s = report["summary"]
    print(
        f"wrote {args.output}: {s['outputs_evaluated']} outputs, chain {'intact' if report['chain']['ok'] else 'FAILED'}"
    )
    return 0 if report["chain"]["ok"] else 1
