"""Signed checkpoints: a chain's head (seq and hash) signed with Ed25519, so a cut-off tail is caught.

A keyed chain (record.py) cannot be edited without its key, but deleting its newest records leaves a
shorter chain that still links. The writer therefore signs the head it has just committed, in the same
transaction (`audit_heads`, one row per instance, replaced on each batch), and every
`checkpoint_interval_s` also keeps the signed head for good (`audit_checkpoints`, append-only), as
CloudTrail's digest files do. `verdict audit verify` checks both, and any exported copy given to it:

- every signature, against the public keys it trusts (a checkpoint names its signing key's id);
- the record at each checkpoint's seq still has the signed hash (or was purged);
- the chain reaches every checkpoint's seq, and ends exactly at the signed head: fewer records is a
  truncation, more is records appended without the writer's signature.

The private key stays with the writer (`<audit_path>.signing-key`, 0600); the public key
(`<audit_path>.signing-key.pub`) goes wherever verification runs. Deleting the `audit_heads` row of a
signing deployment is itself reported. What a database alone cannot show is a rollback to an older copy
of itself, heads included: `verdict audit checkpoints -o FILE` exports the checkpoints so that a copy
kept elsewhere (`verify --checkpoints FILE`) catches that too.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from verdict.governance.audit.record import canonical_json, utc_ts

CHECKPOINT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Checkpoint:
    instance: str
    seq: int  # the chain's head seq: how many records it has taken since seq 1
    hash: str  # the head record's hash
    ts: str
    key_id: str  # the signing key's id (key_id_of its public key)
    signature: str = ""  # hex Ed25519 over payload()

    def payload(self) -> bytes:
        body = {k: v for k, v in asdict(self).items() if k != "signature"}
        return canonical_json({**body, "v": CHECKPOINT_VERSION}).encode("utf-8")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> Checkpoint:
        return cls(**{k: data[k] for k in ("instance", "seq", "hash", "ts", "key_id", "signature")})


def key_id_of(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


class Signer:
    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.key_id = key_id_of(private.public_key())

    def sign(self, instance: str, seq: int, head_hash: str) -> Checkpoint:
        unsigned = Checkpoint(instance, seq, head_hash, utc_ts(), self.key_id)
        signature = self._private.sign(unsigned.payload()).hex()
        return Checkpoint(instance, seq, head_hash, unsigned.ts, self.key_id, signature)

    @classmethod
    def load_or_create(cls, path: Path) -> tuple[Signer, bool]:
        """The signing key at `path` (PEM), generated with its `.pub` beside it when absent; True if new."""
        if path.exists():
            private = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(private, Ed25519PrivateKey):
                raise ValueError(f"{path} is not an Ed25519 private key")
            return cls(private), False
        private = Ed25519PrivateKey.generate()
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        public_path(path).write_bytes(
            private.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        return cls(private), True


def public_path(private_path: Path) -> Path:
    return private_path.with_name(private_path.name + ".pub")


def load_public_keys(paths: Iterable[Path]) -> dict[str, Ed25519PublicKey]:
    keys: dict[str, Ed25519PublicKey] = {}
    for path in paths:
        public = serialization.load_pem_public_key(Path(path).read_bytes())
        if not isinstance(public, Ed25519PublicKey):
            raise ValueError(f"{path} is not an Ed25519 public key")
        keys[key_id_of(public)] = public
    return keys


def signature_problem(cp: Checkpoint, public_keys: Mapping[str, Ed25519PublicKey]) -> str:
    public = public_keys.get(cp.key_id)
    if public is None:
        return (
            f"checkpoint at seq {cp.seq} is signed by key id {cp.key_id}, which was not given (--public-key)"
        )
    try:
        public.verify(bytes.fromhex(cp.signature), cp.payload())
    except (InvalidSignature, ValueError):
        return f"checkpoint at seq {cp.seq} has an invalid signature (forged or altered)"
    return ""


def write_jsonl(checkpoints: Iterable[Checkpoint], path: Path) -> int:
    lines = [json.dumps(cp.to_dict(), sort_keys=True) for cp in checkpoints]
    Path(path).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def read_jsonl(path: Path) -> list[Checkpoint]:
    text = Path(path).read_text(encoding="utf-8")
    return [Checkpoint.from_dict(json.loads(line)) for line in text.splitlines() if line.strip()]
