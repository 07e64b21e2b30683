"""Synthetic credentials in assistant outputs: code, configs, logs, shell history and chat replies.

Values come from hand-written provider generators for the types that matter most (AWS, GCP, Azure,
GitHub, GitLab, Slack, Stripe, OpenAI/Anthropic, PEM keys, JWTs, connection strings, session cookies)
and, for breadth, from the gitleaks rules themselves (`regex_sample` draws the rule's secret group; a
rule is used only if its own regex then finds the value in a canonical `NAME = "value"` line).

Labeling decisions:
* a connection string is one CONNECTION_STRING span over the whole URI/DSN, password included;
* a cookie or bearer header spans the value only (`Cookie: sessionid=[…]`);
* placeholders (YOUR_API_KEY, sk-xxxx, <token>, ${DB_PASSWORD}, os.environ[...], getpass()), AWS's
  documented example key AKIAIOSFODNN7EXAMPLE, commit SHAs, UUIDs, file hashes and base64 images are
  hard negatives with no span and no `credentials` label;
* every example with a secret span carries the leakage label `credentials`.

Split policy: context templates are `prose.Pool`s; a quarter is held out of train and half of dev/test
is drawn from it (see `prose`).
"""

from __future__ import annotations

import base64
import json
import random
import string
from collections.abc import Callable
from functools import cache
from pathlib import Path

import tomllib

from verdict.modeling.data.schema import Example
from verdict.modeling.data.synthetic import regex_sample
from verdict.modeling.data.synthetic.identifiers import digits
from verdict.modeling.data.synthetic.prose import Fragment, Piece, render, rng_for
from verdict.modeling.data.synthetic.secret_templates import (
    CONTEXTS,
    KEY_NAMES,
    NEGATIVE_CONTEXTS,
    PEM_CONTEXTS,
    PLACEHOLDERS,
    SESSION_CONTEXTS,
)
from verdict.runtime.taxonomy import SECRET_TYPES

SOURCE = "synthetic/secrets"
NEGATIVE_SHARE = 0.4
GITLEAKS_SHARE = 0.25  # of positives: breadth from gitleaks rules; the rest from the provider generators
DEFAULT_GITLEAKS = (
    Path(__file__).resolve().parents[5] / "shared" / "data" / "leakage" / "gitleaks" / "gitleaks.toml"
)
_ALNUM = string.ascii_letters + string.digits
_B64 = _ALNUM + "+/"
# Rules whose secret is not a single token (multi-line blocks, whole commands, YAML documents) or that we
# generate by hand with more realistic structure.
_HAND_MADE_RULES = frozenset(
    {
        "curl-auth-header",
        "curl-auth-user",
        "kubernetes-secret-yaml",
        "pkcs12-file",
        "generic-api-key",
        "private-key",
        "jwt",
        "jwt-base64",
    }
)
_RULE_TYPES = (
    ("aws", "AWS_ACCESS_KEY"),
    ("gcp", "GCP_API_KEY"),
    ("azure", "AZURE_KEY"),
    ("github", "GITHUB_TOKEN"),
    ("gitlab-session", "SESSION_COOKIE"),
    ("gitlab", "GITLAB_TOKEN"),
    ("slack", "SLACK_TOKEN"),
    ("stripe", "STRIPE_KEY"),
    ("openai", "OPENAI_KEY"),
    ("anthropic", "OPENAI_KEY"),
)


def _chars(rng: random.Random, n: int, alphabet: str = _ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _jwt(rng: random.Random) -> str:
    header = {"alg": rng.choice(("HS256", "RS256", "ES256")), "typ": "JWT"}
    payload = {
        "sub": digits(rng, rng.randint(4, 10)),
        "iat": rng.randint(1_600_000_000, 1_780_000_000),
        rng.choice(("role", "scope", "tenant")): rng.choice(("admin", "read:all", "user", "billing")),
    }
    signature = rng.randbytes(rng.choice((32, 64, 256)))
    return ".".join(
        (
            _b64url(json.dumps(header, separators=(",", ":")).encode()),
            _b64url(json.dumps(payload, separators=(",", ":")).encode()),
            _b64url(signature),
        )
    )


def _pem(rng: random.Random) -> str:
    kind = rng.choice(
        ("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY")
    )
    body = base64.b64encode(rng.randbytes(rng.choice((121, 240, 400, 900)))).decode()
    lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {kind}-----\n{lines}\n-----END {kind}-----"


def _password(rng: random.Random) -> str:
    return rng.choice(
        (
            _chars(rng, rng.randint(12, 24)),
            f"{rng.choice(('Pg', 'Db', 'Adm'))}{_chars(rng, 10)}!{digits(rng, 2)}",
        )
    )


def _host(rng: random.Random) -> str:
    return rng.choice(
        (
            f"db-{_chars(rng, 4, string.ascii_lowercase)}.internal",
            f"{rng.randint(10, 192)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"prod-{rng.randint(1, 9)}.{_chars(rng, 10, string.ascii_lowercase + string.digits)}.eu-west-1.rds.amazonaws.com",
        )
    )


def _connection(rng: random.Random) -> str:
    user, pw, host, db = (
        rng.choice(("app", "admin", "svc_api", "postgres", "root")),
        _password(rng),
        _host(rng),
        rng.choice(("prod", "orders", "app_db", "analytics")),
    )
    return rng.choice(
        (
            f"postgres://{user}:{pw}@{host}:5432/{db}",
            f"postgresql://{user}:{pw}@{host}/{db}?sslmode=require",
            f"mysql://{user}:{pw}@{host}:3306/{db}",
            f"mongodb+srv://{user}:{pw}@cluster0.{_chars(rng, 5, string.ascii_lowercase)}.mongodb.net/{db}?retryWrites=true&w=majority",
            f"redis://:{pw}@{host}:6379/0",
            f"amqp://{user}:{pw}@{host}:5672/%2F",
            f"jdbc:mysql://{host}:3306/{db}?user={user}&password={pw}",
            f"Server=tcp:{db}-sql.database.windows.net,1433;Database={db};User ID={user};Password={pw};Encrypt=True;",
            f"Host={host};Port=5432;Username={user};Password={pw};Database={db}",
        )
    )


def _session(rng: random.Random) -> Fragment:
    value = rng.choice(
        (
            _chars(rng, 32, string.ascii_lowercase + string.digits),
            _chars(rng, 26, string.ascii_lowercase + string.digits),
            "s%3A" + _chars(rng, 32, _ALNUM + "-_") + "." + _chars(rng, 43, _ALNUM + "-_"),
            _chars(rng, 48, _ALNUM + "-_"),
        )
    )
    template = rng.choice(
        (
            "Cookie: sessionid={{v}}",
            "Cookie: PHPSESSID={{v}}; lang=en",
            "Set-Cookie: connect.sid={{v}}; Path=/; HttpOnly",
            "Authorization: Bearer {{v}}",
            "-H 'Authorization: Bearer {{v}}'",
            "session_token={{v}}",
        )
    )
    return render(template, {"v": Piece(value, "SESSION_COOKIE")})


_PROVIDERS: dict[str, Callable[[random.Random], str]] = {
    "AWS_ACCESS_KEY": lambda r: (
        r.choice(("AKIA", "ASIA")) + _chars(r, 16, string.ascii_uppercase + "234567")
        if r.random() < 0.6
        else _chars(r, 40, _B64)
    ),
    "GCP_API_KEY": lambda r: "AIza" + _chars(r, 35, _ALNUM + "_-"),
    "AZURE_KEY": lambda r: r.choice(
        (
            _chars(r, 3, _ALNUM) + str(r.randint(0, 9)) + "Q~" + _chars(r, 34, _ALNUM + "_~.-"),
            base64.b64encode(r.randbytes(64)).decode(),
        )
    ),
    "GITHUB_TOKEN": lambda r: (
        r.choice(("ghp_", "gho_", "ghs_", "ghu_")) + _chars(r, 36)
        if r.random() < 0.7
        else "github_pat_" + _chars(r, 22) + "_" + _chars(r, 59)
    ),
    "GITLAB_TOKEN": lambda r: r.choice(("glpat-", "glptt-", "glrt-", "gldt-")) + _chars(r, 20, _ALNUM + "_-"),
    "SLACK_TOKEN": lambda r: r.choice(
        (
            f"xoxb-{digits(r, 12)}-{digits(r, 13)}-{_chars(r, 24)}",
            f"xoxp-{digits(r, 12)}-{digits(r, 12)}-{digits(r, 13)}-{_chars(r, 32, '0123456789abcdef')}",
            f"https://hooks.slack.com/services/T{_chars(r, 10, string.ascii_uppercase + string.digits)}/B{_chars(r, 10, string.ascii_uppercase + string.digits)}/{_chars(r, 24)}",
        )
    ),
    "STRIPE_KEY": lambda r: r.choice(("sk_live_", "rk_live_", "sk_test_")) + _chars(r, r.choice((24, 99))),
    "OPENAI_KEY": lambda r: r.choice(
        (
            "sk-proj-" + _chars(r, 58, _ALNUM + "_-") + "T3BlbkFJ" + _chars(r, 58, _ALNUM + "_-"),
            "sk-" + _chars(r, 20) + "T3BlbkFJ" + _chars(r, 20),
            "sk-ant-api03-" + _chars(r, 93, _ALNUM + "_-") + "AA",
        )
    ),
    "JWT": _jwt,
    "CONNECTION_STRING": _connection,
    "GENERIC_API_KEY": lambda r: r.choice(
        (_chars(r, 32, "0123456789abcdef"), _chars(r, 40), _chars(r, r.randint(24, 48), _ALNUM + "_-"))
    ),
}


def _rule_type(rule_id: str) -> str:
    return next((t for prefix, t in _RULE_TYPES if rule_id.startswith(prefix)), "GENERIC_API_KEY")


@cache
def gitleaks_rules(path: Path = DEFAULT_GITLEAKS) -> tuple[tuple[str, str, str], ...]:
    """(rule id, regex, secret type) of every rule whose samples its own regex finds again."""
    if not path.exists():
        return ()
    rules = tomllib.loads(path.read_text(encoding="utf-8"))["rules"]
    probe = random.Random(0)
    usable = []
    for rule in rules:
        pattern = rule.get("regex")
        if rule["id"] in _HAND_MADE_RULES or not pattern or not regex_sample.compiles(pattern):
            continue
        keyword = (rule.get("keywords") or [rule["id"].split("-")[0]])[0]
        compiled = regex_sample.compile_rule(pattern)
        samples = [regex_sample.sample(probe, pattern) for _ in range(3)]
        if all(compiled.search(f'{keyword.upper()}_TOKEN = "{s}"\n') for s in samples):
            usable.append((rule["id"], pattern, _rule_type(rule["id"])))
    return tuple(usable)


def _secret(
    rng: random.Random, secret_type: str, rules: tuple[tuple[str, str, str], ...]
) -> tuple[Piece, str]:
    """A secret value of the type and the key name it is stored under."""
    matching = [r for r in rules if r[2] == secret_type]
    if matching and rng.random() < GITLEAKS_SHARE:
        rule_id, pattern, _ = rng.choice(matching)
        key = rule_id.upper().replace("-", "_")
        return Piece(regex_sample.sample(rng, pattern), secret_type), key
    _, key = KEY_NAMES[secret_type].pick(rng, "train")
    return Piece(_PROVIDERS[secret_type](rng), secret_type), key


def _positive(rng: random.Random, split: str, secret_type: str, rules) -> tuple[Fragment, str]:
    if secret_type == "PRIVATE_KEY":
        tid, template = PEM_CONTEXTS.pick(rng, split)
        return render(template, {"v": Piece(_pem(rng), "PRIVATE_KEY")}), tid
    if secret_type == "SESSION_COOKIE":
        tid, template = SESSION_CONTEXTS.pick(rng, split)
        return render(template, {"v": _session(rng)}), tid
    if secret_type == "GENERIC_API_KEY" and rules and rng.random() < 0.6:
        rule_id, pattern, _ = rng.choice([r for r in rules if r[2] == "GENERIC_API_KEY"])
        value, key = (
            Piece(regex_sample.sample(rng, pattern), "GENERIC_API_KEY"),
            rule_id.upper().replace("-", "_"),
        )
    else:
        value, key = _secret(rng, secret_type, rules)
    tid, template = CONTEXTS.pick(rng, split)
    return render(template, {"key": key, "v": value}), tid


def _negative(rng: random.Random, split: str) -> tuple[Fragment, str]:
    if rng.random() < 0.5:
        tid, template = CONTEXTS.pick(rng, split)
        _, key = KEY_NAMES[rng.choice(list(KEY_NAMES))].pick(rng, split)
        return render(template, {"key": key, "v": rng.choice(PLACEHOLDERS)}), tid + "+placeholder"
    tid, make = NEGATIVE_CONTEXTS.pick(rng, split)
    return Fragment(make(rng)), tid


def generate(n: int, *, seed: int, split: str, gitleaks: Path = DEFAULT_GITLEAKS) -> list[Example]:
    """`n` examples: ~60% with one secret (every SECRET_TYPE in turn), the rest hard negatives."""
    rng = rng_for("secrets", seed, split)
    rules = gitleaks_rules(gitleaks)
    order = list(SECRET_TYPES)
    rng.shuffle(order)
    out: list[Example] = []
    positives = 0
    for i in range(n):
        if rng.random() < NEGATIVE_SHARE:
            fragment, tid = _negative(rng, split)
        else:
            fragment, tid = _positive(rng, split, order[positives % len(order)], rules)
            positives += 1
        out.append(
            Example(
                id=f"synth-secrets-{split}-{i:06d}",
                text=fragment.text,
                source=SOURCE,
                entities=fragment.spans,
                leakage=("credentials",) if fragment.spans else (),
                split=split,
                meta={"templates": [tid]},
            )
        )
    return out
