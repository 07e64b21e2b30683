"""The review queue: audit records worth a human look out, reviewed labels in as training examples.

    export_queue(store, ...)  records the policy FLAGged or BLOCKed (`actions`), or decided near a
                              threshold (a score within `margin` of its cut) -> queue lines
    import_labels(lines)      reviewed queue lines -> (train Examples, review-dev Examples, errors)

A queue line carries the text only when the record's tenant opted in with `store_text` (the store keeps
it beside the chain); otherwise `text` is null and `text_hmac` lets the reviewer find the text in their
own logs (HMAC-SHA256 under the deployment's audit key) and paste it in. The reviewer fills `labels`:

    {"ok": true}                                   a false positive: nothing in the text (a negative)
    {"entities": [{"start": 0, "end": 5, "type": "PERSON"}], "topics": ["hate"], "leakage": []}

Heads left out of `labels` are not labeled (masked out of their loss); `{}` means not reviewed yet,
and the line is skipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from verdict.governance.audit.record import AuditRecord, utc_ts
from verdict.modeling.data.schema import HEADS, Example, SchemaError
from verdict.runtime.errors import ConfigError
from verdict.runtime.manifest import Manifest

DEFAULT_ACTIONS = ("FLAG", "BLOCK")
DEFAULT_THRESHOLD = 0.5
DEV_PERCENT = 10  # of reviewed examples, chosen by a hash of the id: the same line always lands the same way
SOURCE = "review"


def parse_when(value: str | None) -> str | None:
    """A date or ISO timestamp (naive = UTC) -> the audit log's fixed-width timestamp text."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ConfigError(f"not a date or ISO timestamp: {value!r}", field="since/until") from exc
    return utc_ts(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc))


# -- export ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueFilter:
    actions: tuple[str, ...] = DEFAULT_ACTIONS
    margin: float = 0.15  # a score within this of its threshold is "near" (0: action only)


class Thresholds:
    """Per-label cuts of the model version a record names, from its manifest when the repository has it."""

    def __init__(self, repository: str | Path | None) -> None:
        self._repository = Path(repository) if repository else None
        self._cache: dict[str, dict[str, float]] = {}

    def of(self, model_version: str) -> dict[str, float]:
        if model_version not in self._cache:
            self._cache[model_version] = self._load(model_version)
        return self._cache[model_version]

    def _load(self, model_version: str) -> dict[str, float]:
        if self._repository is None or "/" not in model_version:
            return {}
        try:
            thresholds = Manifest.load(self._repository / model_version).thresholds
        except ConfigError:
            return {}
        return {**thresholds.entities, **thresholds.topics, **thresholds.leakage}


def near_threshold(record: AuditRecord, cuts: dict[str, float], margin: float) -> list[str]:
    """Labels (and finding types) whose score lies within `margin` of the cut they were judged against."""
    scored = [*record.scores.items(), *((f.get("type", ""), f.get("score")) for f in record.findings)]
    return sorted(
        {
            label
            for label, score in scored
            if isinstance(score, (int, float)) and abs(score - cuts.get(label, DEFAULT_THRESHOLD)) <= margin
        }
    )


def queue_line(record: AuditRecord, text: str | None, reasons: list[str]) -> dict:
    return {
        "request_id": record.request_id,
        "record_id": record.id,
        "ts": record.ts,
        "tenant": record.tenant,
        "route": record.route,
        "action": record.action,
        "enforced_action": record.enforced_action,
        "mode": record.mode,
        "reasons": reasons,
        "findings": [dict(f) for f in record.findings],
        "scores": dict(record.scores),
        "model_version": record.model_version,
        "policy_version": record.policy_version,
        "text": text,
        "text_hmac": record.text_hmac,
        "labels": {},
    }


def export_queue(
    store,
    *,
    since: str | None = None,
    until: str | None = None,
    tenant: str | None = None,
    which: QueueFilter = QueueFilter(),
    repository: str | Path | None = None,
) -> Iterator[dict]:
    """Queue lines, in the store's (instance, seq) order, for the records `which` selects."""
    cuts = Thresholds(repository)
    text_of = getattr(store, "text_of", lambda _id: None)
    for record in store.records(since, until, tenant=tenant):
        if record.kind != "verdict":
            continue
        reasons = [f"action {record.action}"] if record.action in which.actions else []
        if which.margin > 0:
            reasons += [
                f"near threshold: {label}"
                for label in near_threshold(record, cuts.of(record.model_version), which.margin)
            ]
        if reasons:
            yield queue_line(record, text_of(record.id), reasons)


# -- import ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Imported:
    train: tuple[Example, ...]
    dev: tuple[Example, ...]
    skipped: int  # lines not reviewed yet (empty labels)
    errors: tuple[str, ...]  # "<file>:<line>: <what to change>"


def import_labels(lines: Iterable[str], *, source_name: str = "queue") -> Imported:
    train, dev, errors, skipped = [], [], [], 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            example = example_of(json.loads(line))
        except json.JSONDecodeError as exc:
            errors.append(f"{source_name}:{number}: not JSON: {exc.msg}")
            continue
        except ValueError as exc:  # SchemaError, or a span offset that is not a number
            errors.append(f"{source_name}:{number}: {exc}")
            continue
        if example is None:
            skipped += 1
        else:
            (dev if example.split == "dev" else train).append(example)
    return Imported(tuple(train), tuple(dev), skipped, tuple(errors))


def example_of(line: dict) -> Example | None:
    """One reviewed queue line -> an Example (None: not reviewed yet); SchemaError says what to fix."""
    if not isinstance(line, dict):
        raise SchemaError("a queue line must be a JSON object")
    labels = line.get("labels")
    if not isinstance(labels, dict):
        raise SchemaError("`labels` must be an object ({} when not reviewed)")
    if not labels:
        return None
    unknown = sorted(set(labels) - {"ok", *HEADS})
    if unknown:
        raise SchemaError(f"unknown label keys {unknown}: use ok, entities, topics, leakage")
    if labels.get("ok") is not None and (labels.get("ok") is not True or set(labels) != {"ok"}):
        raise SchemaError('"ok" must be true and alone (a false positive has no labels)')
    text = line.get("text")
    if not isinstance(text, str) or not text:
        raise SchemaError(
            "`text` is null: the record kept no text; paste the text whose HMAC is "
            f"{line.get('text_hmac', '?')!r} from your logs"
        )
    key = str(line.get("record_id") or line.get("request_id") or "")
    if not key:
        raise SchemaError("the line has neither record_id nor request_id")
    heads = HEADS if labels.get("ok") else tuple(h for h in HEADS if h in labels)
    for head in ("topics", "leakage"):
        if not isinstance(labels.get(head, []), list):
            raise SchemaError(f"`labels.{head}` must be a list of label names")
    entities = labels.get("entities", [])
    if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
        raise SchemaError("`labels.entities` must be a list of {start, end, type}")
    example_id = f"review-{key}"
    return Example.from_dict(
        {
            "id": example_id,
            "text": text,
            "source": SOURCE,
            "entities": sorted(entities, key=lambda e: (e.get("start", 0), e.get("end", 0))),
            "topics": labels.get("topics", []),
            "leakage": labels.get("leakage", []),
            "labeled": list(heads),
            "split": split_of(example_id),
            "meta": {k: line.get(k) for k in ("request_id", "tenant", "route", "model_version", "action")},
        }
    )


def split_of(example_id: str) -> str:
    bucket = int(hashlib.sha256(example_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "dev" if bucket < DEV_PERCENT else "train"
