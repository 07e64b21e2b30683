"""TLS / mutual-TLS server credentials, and API keys that bind a caller to one tenant.

Keys file (YAML), keys stored only as sha256 hex digests:

    3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea: acme
    9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08: {tenant: ops, admin: true}

or the environment: `VERDICT_API_KEYS="key1=acme,key2=globex"` (raw keys, hashed at load).
Clients send the key as `authorization: Bearer <key>` or `x-api-key: <key>` metadata.

Without keys every caller is anonymous and may name any tenant. Whether an anonymous caller may also
call the admin methods (Reload) depends on where the server listens: on a loopback address yes, beyond
it only with `allow_anonymous_admin` (`--allow-anonymous-admin`), so a server on 0.0.0.0 with no keys
does not hand Reload to whoever reaches its port (`anonymous_admin`).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import grpc
import yaml

from verdict.runtime.errors import AuthError, ConfigError, PermissionDeniedError


@dataclass(frozen=True, slots=True)
class Caller:
    tenant: str | None  # None: no keys configured, any tenant may be named
    admin: bool = False


ANONYMOUS = Caller(tenant=None)  # no keys configured; no admin
ANONYMOUS_ADMIN = Caller(tenant=None, admin=True)  # no keys, on loopback (or explicitly allowed)


def is_loopback(host: str) -> bool:
    """Whether a listen address reaches only this machine ("localhost", 127.0.0.0/8, ::1)."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve beyond loopback


def anonymous_admin(host: str, *, allowed: bool) -> bool:
    return allowed or is_loopback(host)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiKeys:
    def __init__(self, digests: Mapping[str, Caller], *, anonymous: Caller = ANONYMOUS) -> None:
        self._digests = dict(digests)
        self._anonymous = anonymous

    @property
    def enabled(self) -> bool:
        return bool(self._digests)

    def __len__(self) -> int:
        return len(self._digests)

    @classmethod
    def load(
        cls, *, file: Path | None = None, env_value: str | None = None, anonymous_admin: bool = False
    ) -> ApiKeys:
        digests: dict[str, Caller] = {}
        if file is not None:
            digests.update(_read_keys_file(file))
        for pair in filter(None, (p.strip() for p in (env_value or "").split(","))):
            key, sep, tenant = pair.partition("=")
            if not sep or not key or not tenant:
                raise ConfigError("expected key=tenant pairs separated by commas", field="VERDICT_API_KEYS")
            digests[hash_key(key)] = Caller(tenant=tenant)
        return cls(digests, anonymous=ANONYMOUS_ADMIN if anonymous_admin else ANONYMOUS)

    def authenticate(self, metadata: Sequence[tuple[str, str | bytes]] | None) -> Caller:
        """The caller a request's metadata proves; the anonymous caller when no keys are configured."""
        if not self.enabled:
            return self._anonymous
        key = _key_from_metadata(metadata or ())
        if key is None:
            raise AuthError("missing API key: send 'authorization: Bearer <key>' or 'x-api-key' metadata")
        digest = hash_key(key)
        for known, caller in self._digests.items():
            if hmac.compare_digest(known, digest):
                return caller
        raise AuthError("unknown API key")


def resolve_tenant(caller: Caller, requested: str) -> str:
    """The tenant a request runs as: the key's own tenant; naming another one is refused."""
    if caller.tenant is None:
        return requested
    if requested and requested != caller.tenant:
        raise PermissionDeniedError(f"this API key may not act for tenant {requested!r}")
    return caller.tenant


def require_admin(caller: Caller) -> None:
    if caller.admin:
        return
    if caller.tenant is None:
        raise PermissionDeniedError(
            "admin methods need an admin API key: this server has no API keys and listens beyond "
            "loopback (configure api_keys_file with admin: true, or start it with --allow-anonymous-admin)"
        )
    raise PermissionDeniedError("this API key may not call admin methods (needs admin: true)")


def server_credentials(
    cert: Path | None, key: Path | None, client_ca: Path | None
) -> grpc.ServerCredentials | None:
    """TLS when cert+key are set; mutual TLS (client certificate required) when client_ca is also set."""
    if cert is None and key is None:
        if client_ca is not None:
            raise ConfigError("tls_client_ca needs tls_cert and tls_key", field="tls_client_ca")
        return None
    if cert is None or key is None:
        raise ConfigError(
            "TLS needs both tls_cert and tls_key", field="tls_cert" if cert is None else "tls_key"
        )
    pair = (_read_bytes(key, "tls_key"), _read_bytes(cert, "tls_cert"))
    if client_ca is None:
        return grpc.ssl_server_credentials([pair])
    return grpc.ssl_server_credentials(
        [pair], root_certificates=_read_bytes(client_ca, "tls_client_ca"), require_client_auth=True
    )


def _key_from_metadata(metadata: Sequence[tuple[str, str | bytes]]) -> str | None:
    for name, value in metadata:
        value = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
        if name == "x-api-key" and value:
            return value.strip()
        if name == "authorization" and value.lower().startswith("bearer "):
            return value[7:].strip()
    return None


def _read_keys_file(path: Path) -> dict[str, Caller]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read API keys: {exc}", file=str(path)) from exc
    if not isinstance(raw, dict):
        raise ConfigError("API keys file must map sha256(key) -> tenant", file=str(path))
    out: dict[str, Caller] = {}
    for digest, entry in raw.items():
        digest = str(digest).lower()
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ConfigError(
                "keys are stored as sha256 hex digests (64 hex chars)", file=str(path), field=digest[:12]
            )
        if isinstance(entry, str):
            out[digest] = Caller(tenant=entry)
        elif isinstance(entry, dict) and isinstance(entry.get("tenant"), str):
            out[digest] = Caller(tenant=entry["tenant"], admin=bool(entry.get("admin", False)))
        else:
            raise ConfigError(
                "entry must be a tenant name or {tenant, admin}", file=str(path), field=digest[:12]
            )
    return out


def _read_bytes(path: Path, field: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}", field=field) from exc
