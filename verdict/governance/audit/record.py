"""AuditRecord: one record per verdict, hash-chained, with no raw text.

The chain: `hash = MAC(canonical_json(every field except hash))`, and that JSON includes `prev_hash`
(the previous record's hash on the same instance's chain, "" for the first) and `seq` (1, 2, 3, ... per
instance). Editing a field breaks the record's hash; deleting or reordering records breaks `seq`
contiguity or the `prev_hash` link. Canonical JSON: keys sorted, no spaces, UTF-8, floats rounded to 6
decimals before hashing (what is hashed is exactly what is stored).

`chain_version` says which MAC:
- 2 (what the server writes): HMAC-SHA256 under the chain key (`ChainKey`, kept outside the database);
  the body includes `chain_version` and `key_id` (which key), so neither can be changed either. Without
  the key nobody can recompute a hash, so an edit cannot be hidden by re-hashing the records after it.
- 1 (records written before the keyed chain): plain sha256 of the body without those two fields. Still
  read and verified, but anyone with write access can recompute it; a v1 record after a v2 record on
  the same chain is a downgrade and fails verification.
The head and count of a chain are also signed (`checkpoint.py`), which catches a cut-off tail.

Kinds: `verdict` (normal), `gap` (the sink dropped records while the store was down and its buffer was
full: `extra` says how many and when), `purge` (a retention purge removed records up to
`extra.upto_seq`; `extra.last_hash` is the hash the first kept record links to), `start` (a server
opened its audit sink: a restart when the chain had records before it) and `refusal` (a request refused
without a verdict: `extra.reason` and `extra.code`; no action, no text digest). Every kind is chained.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any

TS_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # fixed width: sorts as text, same in SQLite and PostgreSQL
FINDING_KEYS = ("type", "category", "score", "start", "end", "detector")


def utc_ts(moment: datetime | None = None) -> str:
    if moment is None:
        return _now_ts()
    return moment.astimezone(timezone.utc).strftime(TS_FORMAT)


_second: tuple[int, str] = (-1, "")  # the last unix second formatted, and its "%Y-%m-%dT%H:%M:%S"


def _now_ts() -> str:
    """utc_ts() of now, formatting the date and time once per second: every verdict stamps a record."""
    global _second
    second, micro = divmod(time.time_ns() // 1000, 1_000_000)
    cached = _second
    if cached[0] != second:
        cached = _second = (second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
    return f"{cached[1]}.{micro:06d}Z"


def parse_ts(value: str) -> datetime:
    return datetime.strptime(value, TS_FORMAT).replace(tzinfo=timezone.utc)


class _Ids:
    """uuid7-style ids: 48-bit unix ms, then a counter that keeps ids monotonic within the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0

    def new(self) -> str:
        with self._lock:
            # 122 payload bits: 48-bit ms timestamp, then 74 bits (random start, +1 within the same ms)
            candidate = (time.time_ns() // 1_000_000) << 74 | int.from_bytes(os.urandom(8), "big")
            self._last = max(candidate, self._last + 1)
            payload = self._last
        # lay out as RFC 9562 UUIDv7: ms(48) | ver=7 (4) | 12 bits | variant=0b10 (2) | 62 bits
        value = (
            (payload >> 74) << 80
            | 0x7 << 76
            | ((payload >> 62) & 0xFFF) << 64
            | 0b10 << 62
            | payload & ((1 << 62) - 1)
        )
        h = f"{value:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


new_id = _Ids().new


CHAIN_V1, CHAIN_V2 = 1, 2


@dataclass(frozen=True, slots=True)
class ChainKey:
    """The secret of the keyed (v2) chain and its id (a digest of the secret, so rotating the key
    changes the id that records name)."""

    secret: bytes
    key_id: str

    @classmethod
    def from_secret(cls, secret: bytes) -> ChainKey:
        key_id = hashlib.sha256(b"verdict-audit-chain-key\0" + secret).hexdigest()[:16]
        return cls(secret, key_id)


def text_hmac(text: str, key: bytes) -> str:
    """Keyed digest of a text: proves which text was judged without keeping it (needs the deployment key)."""
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def _round(value: Any) -> Any:
    kind = type(value)
    # Exact built-in types first: the writer thread rounds every field of every record, twice.
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return round(value, 6)
    if kind is dict:
        return {str(k): _round(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_round(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, Mapping):
        return {str(k): _round(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_round(v) for v in value]
    return value


def canonical_json(obj: Any) -> str:
    return _dumps(_round(obj))


def _dumps(rounded: Any) -> str:
    """canonical_json of a value already passed through _round (rounding is idempotent)."""
    return json.dumps(rounded, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


@dataclass(frozen=True, slots=True)
class AuditRecord:
    tenant: str
    route: str
    request_id: str
    action: str  # the decision the policy computed
    enforced_action: str  # what the proxy did (ALLOW in shadow mode)
    mode: str
    model_version: str
    policy_version: str
    text_hmac: str
    findings: tuple[Mapping[str, Any], ...] = ()  # FINDING_KEYS only: never the value
    scores: Mapping[str, float] = field(default_factory=dict)  # top labels
    timings_ms: Mapping[str, float] = field(default_factory=dict)
    kind: str = "verdict"  # "verdict" | "gap" | "purge" | "start" | "refusal"
    extra: Mapping[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=new_id)
    ts: str = field(default_factory=utc_ts)
    # assigned by the writer when the record is chained
    instance: str = ""
    seq: int = 0
    prev_hash: str = ""
    chain_version: int = CHAIN_V1
    key_id: str = ""  # the ChainKey of a v2 record
    hash: str = ""

    def body(self) -> dict[str, Any]:
        """Every field except `hash`, in canonical form: what the hash covers."""
        return self._body()

    def _body(self, **linked: Any) -> dict[str, Any]:
        # A shallow read, not dataclasses.asdict: _round copies every container anyway, and asdict's deep
        # copy of each value was most of the audit writer's time.
        out = {name: getattr(self, name) for name in _BODY_FIELDS}
        out["findings"] = [dict(f) for f in self.findings]
        out.update(linked)
        if out["chain_version"] == CHAIN_V1:  # v1 bodies predate these two fields
            del out["chain_version"], out["key_id"]
        return _round(out)

    def compute_hash(self, keys: Mapping[str, bytes] | None = None) -> str:
        """The record's hash: sha256 (v1), or HMAC-SHA256 under `keys[key_id]` (v2; KeyError without it)."""
        body = _dumps(self.body()).encode("utf-8")
        if self.chain_version == CHAIN_V1:
            return hashlib.sha256(body).hexdigest()
        return hmac.new((keys or {})[self.key_id], body, hashlib.sha256).hexdigest()

    def chained(self, *, instance: str, seq: int, prev_hash: str, key: ChainKey | None = None) -> AuditRecord:
        """This record linked into a chain (keyed, v2, when `key` is given): containers rounded as
        stored, `hash` over the body. The writer chains every record, so the body is rounded once and
        serialized once."""
        version, key_id = (CHAIN_V1, "") if key is None else (CHAIN_V2, key.key_id)
        body = self._body(
            instance=instance, seq=seq, prev_hash=prev_hash, chain_version=version, key_id=key_id
        )
        data = _dumps(body).encode("utf-8")
        digest = (
            hashlib.sha256(data).hexdigest()
            if key is None
            else hmac.new(key.secret, data, hashlib.sha256).hexdigest()
        )
        return AuditRecord(
            **{
                **body,
                "findings": tuple(body["findings"]),
                "chain_version": version,
                "key_id": key_id,
                "hash": digest,
            }
        )

    @classmethod
    def from_verdict(
        cls,
        verdict,
        *,
        request_id: str,
        hmac_key: bytes,
        timings_ms: Mapping[str, float] | None = None,
        scores: Mapping[str, float] | None = None,
        top_scores: int = 5,
    ) -> AuditRecord:
        """The record for a `verdict.governance.policy.Verdict`. Spans, types and scores only; the text goes in as
        an HMAC (the raw text, when a tenant opts in, is stored beside the chain by the store)."""
        top = sorted((scores or {}).items(), key=lambda kv: (-kv[1], kv[0]))[:top_scores]
        return cls(
            tenant=verdict.tenant,
            route=verdict.route,
            request_id=request_id,
            action=verdict.action.value,
            enforced_action=verdict.enforced_action.value,
            mode=verdict.mode,
            model_version=verdict.model_version,
            policy_version=verdict.policy_version,
            text_hmac=text_hmac(verdict.original_text, hmac_key),
            findings=tuple({k: getattr(f, k) for k in FINDING_KEYS} for f in verdict.findings),
            scores=dict(top),
            timings_ms=dict(timings_ms or {}),
        )

    @classmethod
    def event(
        cls,
        kind: str,
        *,
        extra: Mapping[str, Any],
        request_id: str = "",
        tenant: str = "*",
        route: str = "*",
        model_version: str = "",
        policy_version: str = "",
    ) -> AuditRecord:
        """A record of something other than a verdict (`start`, `refusal`): no action, no text digest."""
        return cls(
            tenant=tenant,
            route=route,
            request_id=request_id,
            action="",
            enforced_action="",
            mode="",
            model_version=model_version,
            policy_version=policy_version,
            text_hmac="",
            kind=kind,
            extra=dict(extra),
        )

    def to_dict(self) -> dict[str, Any]:
        """Every field, in the canonical form stored."""
        return {**self._body(), "chain_version": self.chain_version, "key_id": self.key_id, "hash": self.hash}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditRecord:
        data = dict(data)
        data["findings"] = tuple(data.get("findings") or ())
        return cls(**data)


_BODY_FIELDS = tuple(f.name for f in fields(AuditRecord) if f.name != "hash")


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    records: int  # every record read, the ones past a failure too: the store's true count
    chains: Mapping[str, tuple[int, str]]  # instance -> (head seq, head hash) of its verified part
    first_bad_seq: int | None = None
    first_bad_instance: str | None = None
    problem: str = ""
    failures: Mapping[str, tuple[int, str]] = field(
        default_factory=dict
    )  # instance -> (first bad seq, problem)

    def trusted(self, record: AuditRecord) -> bool:
        """Whether `record` sits before the first failure of its chain (the part verification vouches for)."""
        failure = self.failures.get(record.instance)
        return failure is None or record.seq < failure[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "records": self.records,
            "first_bad_seq": self.first_bad_seq,
            "first_bad_instance": self.first_bad_instance,
            "problem": self.problem,
            "chains": {k: {"head_seq": s, "head_hash": h} for k, (s, h) in self.chains.items()},
            "failures": {k: {"first_bad_seq": s, "problem": p} for k, (s, p) in self.failures.items()},
        }


def verify_chain(
    records,
    purges: Mapping[str, tuple[int, str]] | None = None,
    keys: Mapping[str, bytes] | None = None,
) -> ChainReport:
    """Check records in (instance, seq) order as a store returns them; report the first bad one.

    Every chain is checked up to its own first bad record; the records after it are counted, not
    checked, so `records` is the store's true count and `failures` names each broken chain.
    `purges`: instance -> (upto_seq, last_hash) from the chain's `purge` records; a chain may start
    after seq 1 only where a purge record vouches for the link. `keys`: key id -> chain key secret, for
    the keyed (v2) records; a v2 record whose key is not given fails, naming the key id."""
    purges = purges or {}
    heads: dict[str, tuple[int, str]] = {}
    keyed: set[str] = set()
    failures: dict[str, tuple[int, str]] = {}
    count = 0
    for rec in records:
        count += 1
        if rec.instance in failures:
            continue
        problem = _key_problem(rec, rec.instance in keyed, keys or {}) or _link_problem(
            rec, heads.get(rec.instance), purges, keys
        )
        if problem:
            failures[rec.instance] = (rec.seq, problem)
            continue
        heads[rec.instance] = (rec.seq, rec.hash)
        if rec.chain_version != CHAIN_V1:
            keyed.add(rec.instance)
    if not failures:
        return ChainReport(True, count, heads)
    instance, (seq, problem) = next(iter(failures.items()))
    return ChainReport(False, count, heads, seq, instance, problem, failures)


def _key_problem(rec: AuditRecord, after_keyed: bool, keys: Mapping[str, bytes]) -> str:
    if rec.chain_version == CHAIN_V1:
        if after_keyed:
            return f"record seq {rec.seq} is unkeyed (chain v1) after keyed records: rewritten (a downgrade)"
        return ""
    if rec.chain_version != CHAIN_V2:
        return f"record seq {rec.seq} has an unknown chain_version {rec.chain_version}"
    if rec.key_id not in keys:
        return (
            f"record seq {rec.seq} is keyed with chain key id {rec.key_id}, which was not given (--key-file)"
        )
    return ""


def _link_problem(
    rec: AuditRecord,
    prev: tuple[int, str] | None,
    purges: Mapping[str, tuple[int, str]],
    keys: Mapping[str, bytes] | None,
) -> str:
    if rec.compute_hash(keys) != rec.hash:
        return f"record seq {rec.seq} was altered (its hash does not match its contents)"
    if prev is None:
        if rec.seq != 1 and purges.get(rec.instance) != (rec.seq - 1, rec.prev_hash):
            return f"chain starts at seq {rec.seq} and no purge record covers seq 1 to {rec.seq - 1}: deleted"
    elif rec.seq != prev[0] + 1:
        return f"seq {prev[0] + 1} to {rec.seq - 1} missing (deleted or reordered)"
    elif rec.prev_hash != prev[1]:
        return f"record seq {rec.seq} does not link to seq {prev[0]} (deleted, inserted or reordered)"
    return ""
