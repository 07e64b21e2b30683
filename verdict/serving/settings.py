"""The server's one settings object: defaults < YAML file < environment (VERDICT_*) < command-line flags.

Built once in `Settings.load`, frozen, and logged at start with secrets masked (`masked()`).
"""

from __future__ import annotations

import contextvars
import re
import socket
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from verdict.governance.audit.stores import DEFAULT_PATH as DEFAULT_AUDIT_PATH
from verdict.runtime.backends.select import KINDS
from verdict.runtime.errors import ConfigError
from verdict.runtime.manifest import Variant, default_repository

MIN_HOLDBACK_CHARS = 32  # a per-stream holdback below this could release half of a card number

_FILE_VALUES: contextvars.ContextVar[dict[str, Any]] = contextvars.ContextVar(
    "verdict_settings_file",
    default={},  # noqa: B039 (read through dict(), never mutated)
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VERDICT_", frozen=True, extra="forbid")

    # -- model and backend ----------------------------------------------------------------------
    repository: Path = Path("models")  # not given: found by default_repository (see _find_repository)
    model: str = "verdict"
    version: str | None = None  # None: the highest version in the repository
    device: str = "auto"  # one of runtime.backends.select.KINDS
    # The ONNX file ONNX Runtime runs (GPU and CPU fallback alike); None: fp16 on a GPU, int8 on the CPU.
    # int8 verdicts near a cut differ between hosts (AVX2 only or AVX-512 VNNI) and from fp16; fp16 does not
    # run those integer kernels (cross-host fp16 agreement is not measured yet; benchmarks/transfer/
    # 2026-12-07-int8-vs-fp16/).
    variant: Variant | None = None
    inference_threads: int | None = Field(None, ge=1)  # ONNX Runtime intra-op threads; None: its default
    triton_url: str | None = None  # host:port of a Triton server, for device "triton"
    watch_interval_s: float = Field(5.0, ge=0)  # poll the repository for a new version; 0 disables
    retry_primary_interval_s: float = Field(30.0, gt=0)  # while degraded, how often the GPU is tried again
    health_interval_s: float = Field(1.0, gt=0)  # how often backend and audit health are re-read
    prepare_workers: int = Field(2, ge=1)  # threads for normalize + tokenize

    # -- policy ---------------------------------------------------------------------------------
    policy_dir: Path | None = None  # <dir>/<tenant>.yaml; None: the shipped default policy
    policy_poll_interval_s: float = Field(0.0, ge=0)  # re-read policy_dir this often; 0: SIGHUP/Reload only

    # -- audit ----------------------------------------------------------------------------------
    audit_path: str = DEFAULT_AUDIT_PATH  # SQLite file, or a postgresql:// URL shared by instances
    audit_instance: str = Field(default_factory=socket.gethostname)  # one hash chain per instance
    audit_max_buffer: int = Field(100_000, ge=1)  # records held while the store is down, then dropped
    audit_hmac_key: SecretStr | None = None  # key of the text digests; else audit_hmac_key_file
    audit_hmac_key_file: Path | None = None  # None: <audit_path>.hmac-key, generated on first start
    # the keyed chain and its signed checkpoints (verdict.governance.audit.record, .checkpoint): keep these
    # files where the database's writers cannot write; verification needs the chain key and the .pub
    audit_chain_key: SecretStr | None = None  # HMAC key of the chain; else audit_chain_key_file
    audit_chain_key_file: Path | None = None  # None: <audit_path>.chain-key, generated on first start
    audit_signing_key_file: Path | None = None  # Ed25519 PEM; None: <audit_path>.signing-key (+ .pub)
    audit_checkpoint_interval_s: float = Field(60.0, gt=0)  # a permanent signed checkpoint this often
    # A verdict is answered once its record is durable (committed, fsynced). Past this wait (the store is
    # down or slow) it is refused with UNAVAILABLE, or with audit_fail_open answered anyway and its record
    # marked released_before_durable (docs/operations.md, "Durable audit").
    audit_release_timeout_s: float = Field(2.0, gt=0)
    audit_fail_open: bool = False  # the default; a tenant's policy may set its own (docs/policy.md)

    # -- network --------------------------------------------------------------------------------
    host: str = "0.0.0.0"
    port: int = Field(50051, ge=0, le=65535)
    metrics_port: int | None = Field(9464, ge=0, le=65535)  # None disables the metrics endpoint
    max_message_bytes: int = Field(16 * 1024 * 1024, ge=1024)  # above max_text_chars so the error is ours
    drain_timeout_s: float = Field(10.0, ge=0)

    # -- input limits ---------------------------------------------------------------------------
    max_text_chars: int = Field(200_000, ge=1)
    max_batch_items: int = Field(256, ge=1)
    max_system_prompt_chars: int = Field(50_000, ge=0)

    # -- batcher --------------------------------------------------------------------------------
    max_batch_tokens: int = Field(8192, ge=1)
    max_batch_size: int = Field(64, ge=1)
    max_delay_ms: float = Field(2.0, ge=0)
    max_batch_ms: float = Field(20.0, gt=0)  # by the measured rate; what a request arriving may wait for
    max_queue: int = Field(1024, ge=1)

    # -- streaming ------------------------------------------------------------------------------
    # The holdback must cover the longest value a detector or the model spans in practice (IBANs up to
    # 34 chars and card numbers with separators fit in 32; emails, URLs and keys run longer), so a value
    # split across chunks is whole before any of it is released.
    stream_holdback_chars: int = Field(96, ge=MIN_HOLDBACK_CHARS)
    stream_context_chars: int = Field(128, ge=0)
    max_holdback_chars: int = Field(4096, ge=0)

    # -- security -------------------------------------------------------------------------------
    tls_cert: Path | None = None
    tls_key: Path | None = None
    tls_client_ca: Path | None = None  # set: mutual TLS, clients must present a cert signed by it
    api_keys_file: Path | None = None  # YAML: sha256(key) -> tenant | {tenant, admin}
    api_keys: SecretStr | None = None  # "key=tenant,key2=tenant2"; keys are hashed at load
    # without API keys, anonymous callers are admins (Reload) only on a loopback host, unless this is set
    allow_anonymous_admin: bool = False

    # -- process ------------------------------------------------------------------------------
    event_loop: Literal["auto", "uvloop", "asyncio"] = (
        "auto"  # auto: uvloop when installed (verdict.serving.event_loop)
    )
    log_level: str = "INFO"

    @field_validator("device")
    @classmethod
    def _known_device(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError(f"unknown backend {value!r}: one of {', '.join(KINDS)}")
        return value

    @model_validator(mode="before")
    @classmethod
    def _find_repository(cls, values: Any) -> Any:
        """No repository from a flag, the environment or the file: the one that holds the model, from any
        working directory (./models, this checkout's, the wheel's; verdict.runtime.manifest)."""
        if isinstance(values, dict) and values.get("repository") is None:
            values = {**values, "repository": default_repository(values.get("model") or "verdict")}
        return values

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        def file_settings() -> dict[str, Any]:
            return dict(_FILE_VALUES.get())

        return (init_settings, env_settings, file_settings)

    @classmethod
    def load(cls, *, file: str | Path | None = None, **flags: Any) -> Settings:
        """Flags whose value is None are treated as not given."""
        file_values = _read_file(Path(file)) if file else {}
        token = _FILE_VALUES.set(file_values)
        try:
            return cls(**{k: v for k, v in flags.items() if v is not None})
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise ConfigError(first["msg"], file=str(file) if file else None, field=field) from exc
        finally:
            _FILE_VALUES.reset(token)

    @property
    def tls(self) -> bool:
        return self.tls_cert is not None

    def masked(self) -> dict[str, Any]:
        """Every setting, secrets replaced by '***' (for the start-up log)."""
        out = self.model_dump(mode="json")
        for name, value in out.items():
            if isinstance(getattr(self, name), SecretStr) and value is not None:
                out[name] = "***"
        out["audit_path"] = mask_url(self.audit_path)
        return out


def mask_url(url: str) -> str:
    """A store URL fit for logs: the password of `postgresql://user:password@host/db` becomes ***."""
    return re.sub(r"^([a-z]+://[^:/@]+):[^@]*@", r"\1:***@", url)


def _read_file(path: Path) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise ConfigError("settings file not found", file=str(path)) from exc
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ConfigError(
            f"invalid YAML: {exc}", file=str(path), line=None if line is None else line + 1
        ) from exc
    if not isinstance(raw, dict):
        raise ConfigError("settings file must be a mapping", file=str(path))
    return raw
