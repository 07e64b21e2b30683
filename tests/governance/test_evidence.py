"""Evidence report from a recorded run: numbers, drift flags, chain result, HTML opened in headless Chromium."""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sqlite3
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from verdict.governance.audit import AuditRecord, AuditSink, text_hmac, utc_ts
from verdict.governance.audit.evidence import add_arguments, run
from verdict.governance.audit.evidence_stats import percentile, two_proportion_z
from verdict.governance.audit.sqlite import SQLiteAuditStore

REPO = Path(__file__).resolve().parents[2]
SINCE = datetime(2026, 11, 1, tzinfo=timezone.utc)
UNTIL = SINCE + timedelta(days=10)
N = 3000
STEP = (UNTIL - SINCE) / N


def finding(category: str, type_: str) -> dict:
    return {"type": type_, "category": category, "score": 0.9, "start": 0, "end": 4, "detector": "model"}


def is_shadow(i: int) -> bool:
    return i % 10 == 1 or i % 100 == 7  # route `beta`: catches PII redactions and half the leakage blocks


def recorded_run(path: Path) -> None:
    """3000 outputs over 10 days through the real sink: model verdict/1 then verdict/2 at day 5, topic
    rate 5% -> 15% (a real shift), PII 20% throughout (no shift), a policy change at day 3, route
    `beta` in shadow mode, latency total_ms = 1..100 ms cycling (the keys the server writes)."""
    sink = AuditSink(SQLiteAuditStore(path), instance="node-0", batch_size=256)
    for i in range(N):
        ts = SINCE + i * STEP
        v2 = ts >= SINCE + timedelta(days=5)
        findings = []
        if i % 5 == 1:
            findings.append(finding("pii", "EMAIL_ADDRESS"))
        if i % 20 < (3 if v2 else 1):
            findings.append(finding("topic", "hate"))
        if i % 50 == 7:
            findings.append(finding("leakage", "credentials"))
        action = (
            "BLOCK"
            if any(f["category"] == "leakage" for f in findings)
            else (
                "REDACT"
                if any(f["category"] == "pii" for f in findings)
                else ("FLAG" if findings else "ALLOW")
            )
        )
        shadow = is_shadow(i)
        sink.submit(
            AuditRecord(
                tenant="acme",
                route="beta" if shadow else "chat",
                request_id=f"r{i}",
                action=action,
                enforced_action="ALLOW" if shadow else action,
                mode="shadow" if shadow else "enforce",
                model_version="verdict/2" if v2 else "verdict/1",
                policy_version="acme-2+bbb" if ts >= SINCE + timedelta(days=3) else "acme-1+aaa",
                text_hmac=text_hmac(f"text {i}", b"k" * 32),
                findings=tuple(findings),
                timings_ms={"queue_ms": 0.5, "total_ms": float(i % 100 + 1)},
                ts=utc_ts(ts),
            )
        )
    # one record outside the window, which the report must not count
    sink.submit(
        AuditRecord(
            tenant="acme",
            route="chat",
            request_id="late",
            action="ALLOW",
            enforced_action="ALLOW",
            mode="enforce",
            model_version="verdict/2",
            policy_version="acme-2+bbb",
            text_hmac="00",
            ts=utc_ts(UNTIL + timedelta(hours=1)),
        )
    )
    assert sink.close(30)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    path = tmp_path_factory.mktemp("evidence") / "audit.db"
    recorded_run(path)
    return path


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return run(parser.parse_args(list(argv)))


@pytest.mark.parametrize(
    "x1, n1, x2, n2, significant",
    [(50, 1000, 150, 1000, True), (200, 1000, 205, 1000, False), (0, 10, 0, 10, False)],
)
def test_z_test_table(x1, n1, x2, n2, significant):
    z, p = two_proportion_z(x1, n1, x2, n2)
    assert (p < 0.01) is significant and 0 <= p <= 1


def test_z_test_matches_a_known_value():
    z, p = two_proportion_z(50, 1000, 150, 1000)
    assert z == pytest.approx(7.45, abs=0.01) and p == pytest.approx(
        math.erfc(7.4536 / math.sqrt(2)), rel=1e-2
    )


@pytest.mark.parametrize("q, expected", [(50, 50.0), (95, 95.0), (99, 99.0), (100, 100.0)])
def test_percentile_nearest_rank(q, expected):
    assert percentile([float(v) for v in range(1, 101)], q) == expected


def test_report_numbers(recorded, tmp_path):
    out, js = tmp_path / "report.html", tmp_path / "report.json"
    assert (
        cli(
            "--db",
            str(recorded),
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-11",
            "-o",
            str(out),
            "--json",
            str(js),
        )
        == 0
    )
    report = json.loads(js.read_text())
    s = report["summary"]
    assert s["outputs_evaluated"] == N
    pii = sum(1 for i in range(N) if i % 5 == 1)
    topic = sum(1 for i in range(N) if i % 20 < (3 if SINCE + i * STEP >= SINCE + timedelta(days=5) else 1))
    leak = sum(1 for i in range(N) if i % 50 == 7)
    assert report["violations"]["by_category"] == {"pii": pii, "topic": topic, "leakage": leak}
    assert sum(s["actions"].values()) == N and s["actions"]["BLOCK"] == leak
    assert s["shadow_outputs"] == sum(map(is_shadow, range(N)))
    shadow_blocks = sum(1 for i in range(N) if is_shadow(i) and i % 50 == 7)
    shadow_redacts = sum(1 for i in range(N) if is_shadow(i) and i % 5 == 1 and i % 50 != 7)
    assert shadow_blocks == leak // 2 and shadow_redacts > 0
    assert s["shadow_would_have"] == {"BLOCK": shadow_blocks, "REDACT": shadow_redacts, "FLAG": 0}
    assert s["enforced_actions"]["BLOCK"] == leak - shadow_blocks
    assert (report["latency_ms"]["p50"], report["latency_ms"]["p95"], report["latency_ms"]["p99"]) == (
        50.0,
        95.0,
        99.0,
    )
    models = report["versions"]["model"]
    assert [v["version"] for v in models["in_force"]] == ["verdict/1", "verdict/2"]
    assert [c["to"] for c in models["changes"]] == ["verdict/1", "verdict/2"] and models["changes"][1][
        "at"
    ].startswith("2026-11-06")
    assert [c["at"][:10] for c in report["versions"]["policy"]["changes"]] == ["2026-11-01", "2026-11-04"]
    flagged = {r["category"]: r["flagged"] for r in report["drift"]["time_windows"]["rows"]}
    assert flagged == {"pii": False, "topic": True, "leakage": False}
    (by_model,) = report["drift"]["model_versions"]
    assert (by_model["a"], by_model["b"]) == ("verdict/1", "verdict/2")
    assert {r["category"]: r["flagged"] for r in by_model["rows"]} == flagged
    assert report["chain"]["ok"] and report["chain"]["records"] == N + 1
    page = out.read_text()
    assert page.index("1. Summary") < page.index("Chain verification") and "INTACT" in page
    assert page.count("data:image/png;base64,") == 2 and "http://" not in page and "https://" not in page


def test_compare_windows(recorded, tmp_path):
    js = tmp_path / "r.json"
    assert (
        cli(
            "--db",
            str(recorded),
            "--since",
            "2026-11-06",
            "--until",
            "2026-11-11",
            "--compare-since",
            "2026-11-01",
            "--compare-until",
            "2026-11-06",
            "-o",
            str(tmp_path / "r.html"),
            "--json",
            str(js),
        )
        == 0
    )
    report = json.loads(js.read_text())
    rows = {r["category"]: r for r in report["drift"]["time_windows"]["rows"]}
    assert rows["topic"]["flagged"] and not rows["pii"]["flagged"]
    assert rows["topic"]["a_total"] + rows["topic"]["b_total"] == N


def test_tampered_log_shows_in_the_report(recorded, tmp_path):
    copy = tmp_path / "audit.db"
    shutil.copy(recorded, copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("DROP TRIGGER audit_records_no_update")
    conn.execute("UPDATE audit_records SET action = 'ALLOW' WHERE seq = 42")
    conn.close()
    js = tmp_path / "r.json"
    assert (
        cli(
            "--db",
            str(copy),
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-11",
            "-o",
            str(tmp_path / "r.html"),
            "--json",
            str(js),
        )
        == 1
    )
    report = json.loads(js.read_text())
    assert report["chain"]["first_bad_seq"] == 42
    assert report["chain"]["records"] == N + 1  # the store's true count, not where verification stopped
    # only seq 1..41 are vouched for: nothing from the tampered record on is counted as if fine
    assert report["summary"]["outputs_evaluated"] == 41
    assert report["summary"]["unverified_excluded"] == N - 41
    assert report["latency_ms"]["samples"] == 41
    page = (tmp_path / "r.html").read_text()
    assert "FAILED at seq 42" in page and f"({N + 1} records in the store)" in page
    assert page.index("FAILED verification") < page.index("Outputs evaluated")
    assert f"{N - 41} records of this window are excluded as unverifiable" in page
    assert "<td>node-0</td><td>41</td>" in page and "<td>42</td><td>record seq 42 was altered" in page


def test_drift_halves_both_have_data(recorded, tmp_path):
    """A 12-day window whose outputs all fall in its last 2 days: the clock's first half is empty, so the
    halves are cut at the median output instead; one output is too few, and the report says so."""
    js = tmp_path / "r.json"
    argv = ("--db", str(recorded), "-o", str(tmp_path / "r.html"), "--json", str(js))
    assert cli("--since", "2026-10-22", "--until", "2026-11-03", *argv) == 0
    drift = json.loads(js.read_text())["drift"]["time_windows"]
    assert drift["tested"] and drift["rows"]
    totals = {(r["a_total"], r["b_total"]) for r in drift["rows"]}
    assert len(totals) == 1
    ((a, b),) = totals
    assert a > 0 and b > 0 and abs(a - b) <= 1
    assert drift["b"].startswith("[2026-11-02")  # the median output's time, not the clock's midpoint
    assert cli("--since", "2026-11-01T00:00:00", "--until", "2026-11-01T00:03:00", *argv) == 0
    single = json.loads(js.read_text())
    assert single["summary"]["outputs_evaluated"] == 1
    drift = single["drift"]["time_windows"]
    assert not drift["tested"] and drift["rows"] == [] and "no outputs" in drift["note"]
    assert "not tested" in (tmp_path / "r.html").read_text()


def test_report_renders_in_headless_chromium(recorded, tmp_path):
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("headless Chromium is not installed (/usr/bin/chromium): apt-get install chromium")
    out = tmp_path / "report.html"
    assert cli("--db", str(recorded), "--since", "2026-11-01", "--until", "2026-11-11", "-o", str(out)) == 0
    artifacts = REPO / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    shot = artifacts / "evidence.png"
    shot.unlink(missing_ok=True)
    subprocess.run(
        [
            str(chromium),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            out.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 20_000  # a rendered page with plots, not a blank one


# -- refusals, restarts, gaps, tenants, thresholds, signature --------------------------------------


def event(kind: str, tenant: str, i: int, **extra) -> AuditRecord:
    """A record of `kind` as the server writes it: no verdict, what happened in `extra`."""
    return AuditRecord(
        tenant=tenant,
        route="*",
        request_id=f"{kind}{i}",
        action="",
        enforced_action="",
        mode="",
        model_version="",
        policy_version="",
        text_hmac="",
        kind=kind,
        extra=extra,
        ts=utc_ts(SINCE + timedelta(hours=i)),
    )


def verdict_record(tenant: str, i: int, action: str, *findings: dict) -> AuditRecord:
    return AuditRecord(
        tenant=tenant,
        route="chat",
        request_id=f"{tenant}{i}",
        action=action,
        enforced_action=action,
        mode="enforce",
        model_version="verdict/7",
        policy_version="1+abc",
        text_hmac="00",
        findings=findings,
        timings_ms={"total_ms": 5.0},
        ts=utc_ts(SINCE + timedelta(hours=i, minutes=30)),
    )


@pytest.fixture
def events_db(tmp_path):
    """Two server starts on node-0 (the second a restart), verdicts of two tenants, refusals of each
    reason, and a gap of 7 dropped records."""
    path = tmp_path / "events.db"
    sink = AuditSink(SQLiteAuditStore(path), instance="node-0")
    records = [
        event("start", "*", 0, pid=100),
        verdict_record("acme", 1, "REDACT", finding("pii", "EMAIL_ADDRESS")),
        verdict_record("acme", 2, "ALLOW"),
        verdict_record("zeta", 3, "BLOCK", finding("leakage", "credentials")),
        event("refusal", "acme", 4, reason="auth"),
        event("refusal", "zeta", 5, reason="overload"),
        event("refusal", "zeta", 6, reason="overload"),
        event("refusal", "acme", 7, reason="deadline"),
        event("refusal", "acme", 8, reason="quota"),
        event("gap", "*", 9, dropped=7, first_ts="a", last_ts="b", reason="audit buffer full"),
        event("start", "*", 10, pid=200),
        verdict_record("acme", 11, "FLAG", finding("topic", "hate")),
    ]
    for record in records:
        sink.submit(record)
    assert sink.close(30)
    return path


def window_args(db: Path, out: Path, *extra: str) -> list[str]:
    return ["--db", str(db), "--since", "2026-11-01", "--until", "2026-11-02", "-o", str(out / "r.html"),
            "--json", str(out / "r.json"), *extra]  # fmt: skip


def test_refusals_restarts_gaps_and_tenants(events_db, tmp_path):
    assert cli(*window_args(events_db, tmp_path)) == 0
    report = json.loads((tmp_path / "r.json").read_text())
    s = report["summary"]
    assert s["outputs_evaluated"] == 4  # events are not outputs
    assert s["refusals"] == {"auth": 1, "overload": 2, "deadline": 1, "quota": 1}
    assert [(r["seq"], r["restart"], r["pid"]) for r in s["restarts"]] == [(1, False, 100), (11, True, 200)]
    assert s["audit_gaps"]["dropped"] == 7 and s["audit_gaps"]["list"][0]["instance"] == "node-0"
    tenants = {r["tenant"]: r for r in report["tenants"]}
    assert set(tenants) == {"acme", "zeta"}  # the writer's own events ("*") are no tenant
    assert tenants["acme"]["outputs"] == 3 and tenants["acme"]["refusals"] == 3
    assert tenants["acme"]["enforced_actions"] == {"ALLOW": 1, "FLAG": 1, "REDACT": 1, "BLOCK": 0}
    assert tenants["zeta"]["with_findings"] == {"pii": 0, "topic": 0, "leakage": 1}
    assert tenants["zeta"]["refusals"] == 2
    page = (tmp_path / "r.html").read_text()
    assert "<td>Refusals (auth / overload / deadline / quota)</td><td>1 / 2 / 1 / 1</td>" in page
    assert "<td>Server restarts</td><td>1</td>" in page
    assert "<td>zeta</td><td>1</td>" in page  # the per-tenant table


def test_thresholds_in_force(events_db, tmp_path):
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "acme.yaml").write_text(
        'version: "1"\nlabels:\n  EMAIL_ADDRESS: {action: block, threshold: 0.8}\n'
    )
    assert cli(*window_args(events_db, tmp_path, "--policy-dir", str(policies))) == 0
    report = json.loads((tmp_path / "r.json").read_text())
    acme = [t for t in report["thresholds"] if t["tenant"] == "acme"]
    assert acme and all(not t["in_window"] for t in acme)  # the window's verdicts name "1+abc", not this file
    rules = {r["label"]: r for r in acme[0]["rules"]}
    assert rules["EMAIL_ADDRESS"] == {
        "label": "EMAIL_ADDRESS",
        "threshold": 0.8,
        "action": "BLOCK",
        "context": "any",
    }
    assert all(r["action"] != "ALLOW" for r in rules.values())
    # without --policy-dir: the shipped default policy, as the server uses
    assert cli(*window_args(events_db, tmp_path)) == 0
    shipped = json.loads((tmp_path / "r.json").read_text())["thresholds"]
    assert {t["tenant"] for t in shipped} == {"default"} and shipped[0]["rules"]
    assert "10. Policy thresholds in force" in (tmp_path / "r.html").read_text()


def test_report_is_signed_and_verified(events_db, tmp_path, capsys):
    from verdict.governance.audit.checkpoint import Signer

    key = tmp_path / "keys" / "evidence.signing-key"
    signer, created = Signer.load_or_create(key)
    assert created
    public = str(key) + ".pub"
    assert cli(*window_args(events_db, tmp_path, "--signing-key", str(key))) == 0
    js = tmp_path / "r.json"
    report = json.loads(js.read_text())
    assert report["signature"]["key_id"] == signer.key_id and report["signature"]["algorithm"] == "Ed25519"
    assert report["signature"]["sha256"] in (tmp_path / "r.html").read_text()
    capsys.readouterr()
    assert cli("--verify", str(js), "--public-key", public, "--db", str(events_db)) == 0
    assert capsys.readouterr().out.startswith("OK:")
    # one number changed: the signature no longer matches
    report["summary"]["refusals"]["auth"] = 0
    js.write_text(json.dumps(report))
    assert cli("--verify", str(js), "--public-key", public, "--db", str(events_db)) == 1
    assert "does not match" in capsys.readouterr().out
    # another key's public half: refused, naming the key id it needs
    other = tmp_path / "other" / "k"
    Signer.load_or_create(other)
    assert cli("--verify", str(js), "--public-key", str(other) + ".pub", "--db", str(events_db)) == 1
    assert signer.key_id in capsys.readouterr().out


def test_unsigned_report_says_so(events_db, tmp_path, capsys):
    assert cli(*window_args(events_db, tmp_path)) == 0  # no key beside this database
    assert "UNSIGNED" in capsys.readouterr().err
    assert "signature" not in json.loads((tmp_path / "r.json").read_text())
    assert "UNSIGNED" in (tmp_path / "r.html").read_text()
    assert cli("--verify", str(tmp_path / "r.json"), "--db", str(events_db)) == 1
