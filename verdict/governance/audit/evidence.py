"""`verdict evidence --since … --until … -o report.html [--json out.json] [--db …]`

One self-contained HTML file for an auditor (summary table first, then each control's evidence, plots
as embedded PNG) and a JSON export with the same numbers (`evidence_stats.compute`). The chain is
verified over the whole store, not only the window: a window's records are only evidence if the log
they sit in is intact. On a store that fails verification the report says so first, gives the store's
true record count, and counts only the records verification vouches for (those before the first bad
record of their chain); the others are excluded and their number is shown.

The report also shows refusals, restarts and gaps (records of their own kinds, `evidence_stats`), a
per-tenant table, and the thresholds of the policies in force (`--policy-dir`, as the server's; the
shipped default policy without it), marked with whether their version is the one the window's verdicts
name. The JSON is signed with the audit log's Ed25519 checkpoint key (`<db>.signing-key`, or
`--signing-key`) over its canonical form; `verdict evidence --verify report.json` checks it against the
public key (`<db>.signing-key.pub`, or `--public-key`). The HTML shows the signature and the digest it
covers.
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

    parser.add_argument("--since", help="start of the window (inclusive), ISO date or time, UTC (required)")
    parser.add_argument("--until", help="end of the window (exclusive) (required)")
    parser.add_argument("-o", "--output", help="HTML report to write (required)")
    parser.add_argument("--json", dest="json_out", help="also write the numbers as JSON")
    from verdict.governance.audit.stores import DEFAULT_PATH, SIGNING_KEY_SUFFIX

    parser.add_argument(
        "--db",
        default=DEFAULT_PATH,
        help=f"SQLite file or postgresql:// URL (default: {DEFAULT_PATH}, the server's)",
    )
    add_key_arguments(parser)
    parser.add_argument("--tenant", help="only this tenant's records")
    parser.add_argument("--compare-since", help="baseline window for drift (default: first vs second half)")
    parser.add_argument("--compare-until")
    parser.add_argument(
        "--policy-dir",
        help="the server's policy directory, for the thresholds in force (default: shipped policy)",
    )
    parser.add_argument(
        "--signing-key",
        help=f"Ed25519 key that signs the report (default: <db>{SIGNING_KEY_SUFFIX}, the checkpoints' key)",
    )
    parser.add_argument(
        "--verify", metavar="REPORT_JSON", help="check a report's signature (with --public-key) and exit"
    )


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
    policies: dict | None = None,
) -> dict:
    """The report's numbers; `policies` (tenant -> CompiledPolicy) gives the thresholds section."""
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
    report["thresholds"] = thresholds(policies or {}, records, tenant)
    return report


def thresholds(policies: dict, records: list, tenant: str | None) -> list[dict]:
    """Per tenant and route of the given policies, each label that acts (its action is not ALLOW): the
    threshold, action and condition; `in_window` says whether the window's verdicts name this version."""
    seen = {(r.tenant, r.policy_version) for r in records if r.kind == "verdict"}
    out = []
    for name, policy in sorted(policies.items()):
        if tenant and name != tenant:
            continue
        in_window = any(v == policy.version for t, v in seen if t == name or name == "default")
        for route_name, route in sorted(policy.routes.items()):
            rows = [
                {
                    "label": label,
                    "threshold": rule.threshold,
                    "action": rule.action.value,
                    "context": rule.context,
                }
                for label, rule in sorted(route.rules.items())
                if rule.action.value != "ALLOW"
            ]
            out.append(
                {
                    "tenant": name,
                    "route": route_name,
                    "policy_version": policy.version,
                    "mode": route.mode,
                    "in_window": in_window,
                    "rules": rows,
                }
            )
    return out


# -- signature -------------------------------------------------------------------------------------


def _payload(report: dict) -> bytes:
    from verdict.governance.audit.record import canonical_json

    return canonical_json({k: v for k, v in report.items() if k != "signature"}).encode("utf-8")


def sign(report: dict, key_path: str | Path) -> dict:
    """`report` with a `signature`: Ed25519 by the checkpoints' key over the canonical JSON of the rest."""
    import hashlib

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from verdict.governance.audit.checkpoint import key_id_of

    private = serialization.load_pem_private_key(Path(key_path).read_bytes(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError(f"{key_path} is not an Ed25519 private key")
    payload = _payload(report)
    signature = {
        "algorithm": "Ed25519",
        "key_id": key_id_of(private.public_key()),
        "sha256": hashlib.sha256(payload).hexdigest(),
        "value": private.sign(payload).hex(),
    }
    return {**report, "signature": signature}


def signature_problem(report: dict, public_keys: dict) -> str:
    """Empty when the report's signature verifies under one of `public_keys`; else what is wrong."""
    from cryptography.exceptions import InvalidSignature

    signature = report.get("signature")
    if not signature:
        return "the report is not signed"
    public = public_keys.get(signature.get("key_id"))
    if public is None:
        return f"the report is signed by key id {signature.get('key_id')}, which was not given (--public-key)"
    try:
        public.verify(bytes.fromhex(signature["value"]), _payload(report))
    except (InvalidSignature, ValueError):
        return "the signature does not match the report (altered, or signed by another key)"
    return ""


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


def _signature_text(report: dict) -> str:
    signature = report.get("signature")
    if not signature:
        return "UNSIGNED (no signing key was given or found)"
    return (
        f"{signature['algorithm']} by key id {signature['key_id']} over the JSON export's canonical form "
        f"(sha256 {signature['sha256']}); check with verdict evidence --verify"
    )


def _events(s: dict) -> str:
    refusals = _table(["reason", "requests refused"], [[k, v] for k, v in s["refusals"].items()])
    starts = _table(
        ["started at", "instance", "at seq", "restart"],
        [[r["at"], r["instance"], r["seq"], r["restart"]] for r in s["restarts"]],
    )
    gaps = _table(
        ["at", "instance", "records dropped", "first", "last", "reason"],
        [
            [g["at"], g["instance"], g.get("dropped"), g.get("first_ts"), g.get("last_ts"), g.get("reason")]
            for g in s["audit_gaps"]["list"]
        ],
    )
    return f"<h3>Refusals</h3>{refusals}<h3>Server starts</h3>{starts}<h3>Gaps</h3>{gaps}"


def _tenants(rows: list[dict]) -> str:
    from verdict.governance.audit.evidence_stats import ACTIONS, CATEGORIES

    return _table(
        ["tenant", "outputs", *(f"enforced {a}" for a in ACTIONS), "shadow"]
        + [f"with {c}" for c in CATEGORIES]
        + ["refusals"],
        [
            [
                r["tenant"],
                r["outputs"],
                *r["enforced_actions"].values(),
                r["shadow_outputs"],
                *r["with_findings"].values(),
                r["refusals"],
            ]
            for r in rows
        ],
    )


def _thresholds(sections: list[dict]) -> str:
    if not sections:
        return "<p>No policy was given.</p>"
    return "".join(
        f"<h3>{html.escape(t['tenant'])} / {html.escape(t['route'])}: policy {html.escape(t['policy_version'])}, "
        f"{html.escape(t['mode'])} mode, {'named by' if t['in_window'] else 'NOT named by'} this window's verdicts</h3>"
        + _table(
            ["label", "threshold", "action", "condition"],
            [[r["label"], r["threshold"], r["action"], r["context"]] for r in t["rules"]],
        )
        for t in sections
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
            [
                "Refusals (" + " / ".join(s["refusals"]) + ")",
                " / ".join(str(n) for n in s["refusals"].values()),
            ],
            ["Server restarts", sum(1 for r in s["restarts"] if r["restart"])],
            ["Report signature", _signature_text(report)],
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
<h2>8. Refusals, restarts and gaps</h2>{_events(s)}
<h2>9. Per tenant</h2>{_tenants(report["tenants"])}
<h2>10. Policy thresholds in force</h2>{_thresholds(report.get("thresholds", []))}
<h2>11. Signature</h2><p>{html.escape(_signature_text(report))}</p>
</body></html>
"""


def write(report: dict, output: str | Path, json_out: str | Path | None = None) -> None:
    Path(output).write_text(render_html(report, plots(report)), encoding="utf-8")
    if json_out:
        Path(json_out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def _policies(policy_dir: str | None) -> dict:
    from verdict.governance.policy.registry import PolicyRegistry

    if policy_dir is None:
        return {"default": PolicyRegistry.shipped_default().policy}
    return dict(PolicyRegistry(policy_dir).policies())


def _signing_key(args: argparse.Namespace) -> Path | None:
    from verdict.governance.audit.stores import SIGNING_KEY_SUFFIX, URL_SCHEMES, sqlite_path

    if args.signing_key:
        return Path(args.signing_key)
    if args.db.startswith(URL_SCHEMES):
        return None
    beside = Path(sqlite_path(args.db) + SIGNING_KEY_SUFFIX)
    return beside if beside.exists() else None


def verify(args: argparse.Namespace) -> int:
    from verdict.governance.audit.cli import load_keys

    try:
        report = json.loads(Path(args.verify).read_text(encoding="utf-8"))
        _, public_keys = load_keys(args.db, [], args.public_key)
    except (OSError, ValueError) as exc:
        print(f"verdict evidence: {exc}", file=sys.stderr)
        return 2
    problem = signature_problem(report, public_keys)
    if problem:
        print(f"FAILED: {args.verify}: {problem}")
        return 1
    print(f"OK: {args.verify} is signed by key id {report['signature']['key_id']} and unaltered")
    return 0


def run(args: argparse.Namespace) -> int:
    from verdict.runtime.errors import ConfigError

    if args.verify:
        return verify(args)
    missing = [
        flag
        for flag, value in (("--since", args.since), ("--until", args.until), ("-o", args.output))
        if not value
    ]
    if missing:
        print(f"verdict evidence: give {', '.join(missing)} (or --verify REPORT_JSON)", file=sys.stderr)
        return 2
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
            policies=_policies(args.policy_dir),
        )
        key = _signing_key(args)
        if key is not None:
            report = sign(report, key)
        else:
            print(
                "verdict evidence: no signing key found (--signing-key): the report is UNSIGNED",
                file=sys.stderr,
            )
    except (OSError, ValueError, ConfigError) as exc:
        print(f"verdict evidence: cannot read a key or policy file: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    write(report, args.output, args.json_out)
    s = report["summary"]
    print(
        f"wrote {args.output}: {s['outputs_evaluated']} outputs, chain {'intact' if report['chain']['ok'] else 'FAILED'}"
    )
    return 0 if report["chain"]["ok"] else 1
