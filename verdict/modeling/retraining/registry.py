"""The promotion pointer: which model version serves, and the history that `rollback` walks back.

    models/<name>/serving.json   {"version": "2", "history": [{"version", "at", "by", "gate"}, ...],
                                  "rolled_back": [...]}

`verdict.runtime.manifest.resolve_model_dir` reads the pointer, so the server's reload path (SIGHUP, the
Reload RPC, or the repository watch) picks a promotion or a rollback up with no restart. The pointer is
replaced atomically (write a temporary file, then rename) so a reader never sees half a file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from verdict.runtime.errors import ConfigError
from verdict.runtime.manifest import GATE_FILE, MANIFEST_FILE, SERVING_POINTER


class PromotionError(ConfigError):
    """A promotion or rollback that must not happen (no passing gate, nothing to roll back to)."""


def pointer_path(repository: str | Path, model: str) -> Path:
    return Path(repository) / model / SERVING_POINTER


def read_pointer(repository: str | Path, model: str) -> dict | None:
    path = pointer_path(repository, model)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno) from exc


def gate_status(version_dir: str | Path) -> str:
    """ "PASS", "FAIL", or "missing" (no gate.json: `verdict gate` never ran on this version)."""
    path = Path(version_dir) / GATE_FILE
    try:
        return "PASS" if json.loads(path.read_text(encoding="utf-8")).get("passed") else "FAIL"
    except FileNotFoundError:
        return "missing"
    except json.JSONDecodeError as exc:
        raise ConfigError(f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno) from exc


def promote(
    repository: str | Path,
    model: str,
    version: str,
    *,
    by: str,
    force: bool = False,
    now: dt.datetime | None = None,
) -> dict:
    """Point serving at `version`; refused unless its gate passed (or `force`). Returns the new pointer."""
    version = str(version)
    version_dir = Path(repository) / model / version
    if not (version_dir / MANIFEST_FILE).is_file():
        raise PromotionError(f"model {model!r} has no version {version!r}", file=str(version_dir))
    gate = gate_status(version_dir)
    if gate != "PASS" and not force:
        hint = "run `verdict gate` on it first" if gate == "missing" else "its gate FAILED (see gate.json)"
        raise PromotionError(
            f"refusing to promote version {version}: {hint}; --force overrides",
            file=str(version_dir / GATE_FILE),
        )
    pointer = read_pointer(repository, model) or {
        "version": None,
        "history": _implicit(repository, model, version, now),
    }
    if pointer["version"] == version:
        raise PromotionError(
            f"version {version} is already promoted", file=str(pointer_path(repository, model))
        )
    entry = {
        "version": version,
        "at": _ts(now),
        "by": by,
        "gate": gate if not force or gate == "PASS" else f"{gate} (forced)",
    }
    pointer = {**pointer, "version": version, "history": [*pointer["history"], entry]}
    _write(pointer_path(repository, model), pointer)
    return pointer


def rollback(repository: str | Path, model: str, *, by: str, now: dt.datetime | None = None) -> dict:
    """Serve the version promoted before the current one again: the current entry leaves the history."""
    pointer = read_pointer(repository, model)
    path = pointer_path(repository, model)
    if pointer is None or len(pointer.get("history", ())) < 2:
        raise PromotionError("nothing to roll back to: no earlier promotion in the history", file=str(path))
    *history, current = pointer["history"]
    previous = history[-1]["version"]
    if not (Path(repository) / model / previous / MANIFEST_FILE).is_file():
        raise PromotionError(f"cannot roll back to version {previous}: its directory is gone", file=str(path))
    undone = {**current, "rolled_back_at": _ts(now), "rolled_back_by": by}
    pointer = {
        **pointer,
        "version": previous,
        "history": history,
        "rolled_back": [*pointer.get("rolled_back", ()), undone],
    }
    _write(path, pointer)
    return pointer


def _implicit(repository: str | Path, model: str, promoting: str, now: dt.datetime | None) -> list[dict]:
    """Before the first promotion the highest version served: keep the one below `promoting` in the
    history so the first promotion can be rolled back too."""
    base = Path(repository) / model
    older = sorted(
        int(p.name)
        for p in base.glob("*")
        if p.name.isdigit() and p.name != promoting and (p / MANIFEST_FILE).is_file()
    )
    older = [v for v in older if not promoting.isdigit() or v < int(promoting)]
    if not older:
        return []
    return [
        {
            "version": str(older[-1]),
            "at": _ts(now),
            "by": "implicit (served before the first promotion)",
            "gate": gate_status(base / str(older[-1])),
        }
    ]


def _write(path: Path, pointer: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(pointer, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _ts(now: dt.datetime | None) -> str:
    return (
        (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    )
