"""Structure checks for secret values: what a span must be to be the secret its type names.

The token head tags secrets by their look (long, mixed, high-entropy), so it also tags prose typed by a
cat ("dfdfer fgerfow2e0d qsqskdsd"), alphabets ("ABCDEFG ABCDEFGH"), wallet addresses and placeholders.
`failed_form(type, value)` names the first structure check a value fails, or None; every secret
finding, from a rule or the model, must pass it. `failed_context(type, value, line)` adds the checks
a model-only span needs, since no rule's keyword or vendor prefix vouches for it:

* `placeholder`: a value people write where a secret would go (`is_placeholder`: "<your-api-key>",
  "sk-...", "xoxb-xxx", "abc123", "abcdef123", "RANDOMSTRINGHERE", "eXamPl3T0K3n", a token cut short with
  "..." or "[Redacted]"; a key block whose body is too short to be a key);
* `jwt`: a JSON Web Token is three base64url segments whose first decodes to a JSON object naming its
  algorithm ("alg", RFC 7515 section 4.1.1), or, where that header is corrupted ("eyJhbGciOieeei..."),
  whose first starts as a JSON object's base64 does ("eyJ") and whose second decodes to a JSON object;
* `crypto`: a value that is a valid wallet address (base58check, bech32, 0x+40 hex) is CRYPTO, a public
  address, not a credential;
* `assignment`: a generic key whose value is itself a setting ("MAPS_REGION=eu-west") was read across a
  line break from the keyword before it;

and, for a model-only span,

* `placeholder` again, on the value as written: the run of characters around the span up to a space or
  a quote ("ops_eyJzaWduSW5B..[Redacted]", "xoxp-5723...-####"), which the token head leaves out;
* `version`: a generic value that holds a release number ("rc0.15.0_20231217_1420-SNAPSHOT");
* `code`: a value that ends an identifier a call follows (`def _api_org_96726c78_4ae3(...)`), or a file
  name (`"api_org_96726c78_4ae3.xml"`);
* `encrypted`: a value on a line of SOPS ciphertext (`ENC[AES256_GCM,data:...,iv:...]`), encrypted at rest;

* `whitespace`: a token is one run of characters; only a key block, a connection string or a cookie
  header spans spaces (a rule's secret group may: a Kubernetes secret's data block);
* `private-key`: a private key span holds its PEM/OpenSSH armour or sits in a line that names a key;
* `context`: a generic high-entropy blob is a credential only where its line names one (key, token,
  secret, password, auth, credential, ...): the same blob elsewhere is a hash, an id, a signature;
* `connection-string`: a connection string carries a credential ("user:password@" in a URI, a password
  or key field in key=value form); a database image tag or a host and port carry none;
* `vendor`: a span typed as a vendor's credential carries that vendor's published shape (a Google API
  key starts "AIza", a GitHub token "ghp_", a Slack token "xox?-" and a team number, an AWS key id "AKIA"): the token
  head reads a URL path or a CSS class as a GCP or AWS key by its look alone.
"""

from __future__ import annotations

import base64
import binascii
import json
import re

from verdict.runtime.detectors.entities import validate

# Values people write where a secret would go: never a leak. The whole value...
_PLACEHOLDER = re.compile(
    r"(?i)^(?:\*+|x+|\.+|<[^>]*>|\[[^\]]*\]|\{\{.*\}\}|\$\{[^}]*\}|\$[a-z_]+|%[^%]+%|"
    r"pass(?:word)?|passwd|pwd|secret|changeme|your[_-]?[a-z_-]*|example|redacted|token|"
    r"[a-z]{2,8}[_-]?\.{3}|[a-z]+[_-]+(?:here|goes[_-]?here))$"
)
# ... or a part of it: documentation keys (AWS's `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`), masked or
# x-ed out tokens (`sk-****abcd`, `ghp_xxxxxxxx`), template slots, words that say so ("fake", "dummy",
# "_here", "your_", "mypassword"), and the runs a person types for a stand-in: an alphabet or counting run
# ("abcdefgh", "123456789", "abc123xyz"), one character repeated ("aaaaaa", "000000").
_PLACEHOLDER_PART = re.compile(
    r"(?i)example|x{5,}|\*{4,}|#{4,}|<[a-z_ -]+>|\$\{[^}]*\}|\{\{[^}]*\}\}|fake|dummy|placeholder|"
    r"random_?string|here$|_here|your[_-]|my[_-]?(?:pass|secret|token|api|key)|abcdefg|bcdefgh|hijklmn|qrstuvw|uvwxyz|123456789|abc123|"
    r"(?:1234[_-]){2}|redacted|\.{3}$|…$|"  # "xoxp-1234-1234-1234-...", an elided or redacted token
    r"([^A=])\1{5,}"  # base64 of binary data runs "AAAAAA" (zero bytes) and ends "=="
)
# The whole value a run of the alphabet and counting from one ("abcdef123", "abc", "12345").
_COUNTING = re.compile(
    r"(?i)(?:a(?:b(?:c(?:d(?:e(?:f(?:g(?:h)?)?)?)?)?)?)?)?(?:1(?:2(?:3(?:4(?:5(?:6(?:7(?:8(?:9(?:0)?)?)?)?)?)?)?)?)?)?"
)
# Stand-in words spelled with digits for letters ("eXamPl3T0K3n"): read with the digits as letters.
_LEET = str.maketrans("013457", "oieast")
_LEET_WORDS = re.compile(r"example|fake|dummy|placeholder")  # not "passw": "P4ssw0rd!" is a weak real one
_WHITESPACE = re.compile(r"\s")
_JWT_SEGMENT = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_JSON_OBJECT_BASE64 = "eyJ"  # base64 of '{"', how every JOSE header and claims set starts
_KEY_ARMOUR = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY|PuTTY-User-Key-File|PRIVATE KEY-----")
_KEY_CONTEXT = re.compile(r"(?i)private[ _-]?key|\bssh-|\bpem\b|id_rsa|id_ed25519")
# A line that names a credential: the word before the blob says what it is.
_CREDENTIAL_CONTEXT = re.compile(
    r"(?i)key|token|secret|passw|pwd|auth|bearer|credential|api|access|session|cookie|signature|"
    r"client[_-]?id|login|private|sk[_-]|pat\b"
)
# A connection string is a secret by the credential it carries: "user:password@" in a URI, or a
# password / key / token field in a key=value string. "postgres:16", "POSTGRES" and ":5432/appdb" in a
# compose file carry none.
_CONNECTION_CREDENTIAL = re.compile(
    r"(?i)[a-z][a-z0-9+.-]*://[^\s:/@]*:[^\s@/]+@|(?:password|pwd|passwd|accountkey|sharedaccesskey|secret|"
    r"token|api[_-]?key)\s*=\s*[^;\s]+"
)
# A generic key rule's value that is itself an assignment ("MAPS_REGION=eu-west") was reached across a
# line break from a keyword on the line before: it is the next line's setting, not the key's value.
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,40}=(?!=)")  # a setting's name; not base64's "=="
_ARMOUR_LINE = re.compile(r"-----(?:BEGIN|END)[^-\n]*-----")
_BASE64 = re.compile(r"[A-Za-z0-9+/=]")
MIN_KEY_BODY = 64  # base64 characters: an Ed25519 key, the smallest, takes ~70 in PKCS#8
# Each vendor type's shapes, from the vendors' documentation (and gitleaks' rules for them).
_VENDOR_SHAPES = {
    "GCP_API_KEY": re.compile(r"AIza[\w-]{30,}|\b[0-9a-f]{40}\b"),  # an API key, a private key id
    "AWS_ACCESS_KEY": re.compile(r"\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b|^[A-Za-z0-9/+]{40}$"),
    "GITHUB_TOKEN": re.compile(r"\bgh[pousr]_|\bgithub_pat_|^[0-9a-f]{40}$"),
    "GITLAB_TOKEN": re.compile(r"\bgl[a-z]{1,6}[-_]"),
    # a team or app number after the prefix: "xoxb-12345-abcd234" and "xoxb-Slack_BOT_TOKEN" are stand-ins
    "SLACK_TOKEN": re.compile(
        r"\bxox[a-z]-\d{6,}-|\bxox[a-z](?:\.xox[a-z])?-\d-|\bxapp-\d-|hooks\.slack\.com/"
    ),
    "STRIPE_KEY": re.compile(r"\b[rsp]k_(?:live|test|prod)_"),
    "OPENAI_KEY": re.compile(r"\bsk-"),
}
# What a model-only span of these types must contain, and the check it fails without it.
_REQUIRED_SHAPES: dict[str, tuple[str, re.Pattern[str]]] = {
    **{entity_type: ("vendor", shape) for entity_type, shape in _VENDOR_SHAPES.items()},
    "CONNECTION_STRING": ("connection-string", _CONNECTION_CREDENTIAL),
}
_RUN_ENDS = " \t\n\"'`,;()<>{}"
_FILE_NAME = re.compile(
    r"(?i)\.(?:xml|json|ya?ml|txt|csv|html?|png|jpe?g|gif|svg|pdf|zip|gz|py|js|ts|go|rb|java|php|ini)$"
)
_SOPS = re.compile(r"ENC\[AES256_GCM,")  # a value SOPS encrypted: ciphertext, its key is elsewhere
# A release, not a key: "rc0.15.0_20231217_1420-SNAPSHOT", "v2.3.1".
_VERSION = re.compile(r"(?i)\d+\.\d+\.\d+|snapshot|\brelease\b")
SPANS_WHITESPACE = frozenset({"PRIVATE_KEY", "CONNECTION_STRING", "SESSION_COOKIE"})


def is_placeholder(value: str) -> bool:
    if _PLACEHOLDER.match(value) is not None or _PLACEHOLDER_PART.search(value) is not None:
        return True
    if len(value) >= 3 and _COUNTING.fullmatch(value) is not None:
        return True
    spelled = value.lower().translate(_LEET)
    return any(any(c.isdigit() for c in value[m.start() : m.end()]) for m in _LEET_WORDS.finditer(spelled))


def jwt_header(value: str) -> dict | None:
    """The decoded JOSE header of a compact JWS/JWE, or None when `value` is not one."""
    segments = _jwt_segments(value)
    header = _json_object(segments[0]) if segments else None
    return header if header is not None and isinstance(header.get("alg"), str) else None


def jwt_claims(value: str) -> dict | None:
    """The decoded claims of a compact JWS whose header starts as a JSON object's base64 does ("eyJ")
    but may not decode (a header corrupted in a test string, or cut by a copy), or None."""
    segments = _jwt_segments(value)
    if not segments or not segments[0].startswith(_JSON_OBJECT_BASE64):
        return None
    return _json_object(segments[1])


def _jwt_segments(value: str) -> list[str] | None:
    segments = value.strip().split(".")
    if len(segments) not in (3, 5) or not all(_JWT_SEGMENT.fullmatch(s) for s in segments[:2]):
        return None
    return segments


def _json_object(segment: str) -> dict | None:
    segment = segment.rstrip("=")
    try:
        decoded = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (binascii.Error, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    return decoded if isinstance(decoded, dict) else None


def _placeholder(entity_type: str, value: str) -> bool:
    if entity_type != "PRIVATE_KEY":
        return is_placeholder(value)
    # A key body is base64, where runs like "AAAAAA" are ordinary: only the whole value, and a body too
    # short to hold any key ("-----BEGIN PRIVATE KEY-----\nanything\n-----END ...").
    body = _ARMOUR_LINE.sub("", value)
    return _PLACEHOLDER.match(value) is not None or len(_BASE64.findall(body)) < MIN_KEY_BODY


def failed_form(entity_type: str, value: str) -> str | None:
    """The first structure check `value`, a span of secret type `entity_type`, fails."""
    value = value.strip()
    if _placeholder(entity_type, value):
        return "placeholder"
    if entity_type == "JWT" and jwt_header(value) is None and jwt_claims(value) is None:
        return "jwt"
    if entity_type != "CONNECTION_STRING" and validate("CRYPTO", value):
        return "crypto"
    if entity_type == "GENERIC_API_KEY" and _ASSIGNMENT.match(value):
        return "assignment"
    return None


def _as_written(value: str, line: str) -> tuple[str, str, str]:
    """The line before the value's run, the run, and the line after it: the run is the value with the
    characters around it up to a space or a quote (the model tags "ops_eyJ..." without its "...")."""
    at = line.find(value)
    if at < 0 or not value:
        return "", value, ""
    start, end = at, at + len(value)
    while start > 0 and line[start - 1] not in _RUN_ENDS:
        start -= 1
    while end < len(line) and line[end] not in _RUN_ENDS:
        end += 1
    return line[:at], line[start:end], line[at + len(value) :]


def failed_context(entity_type: str, value: str, line: str) -> str | None:
    """`failed_form`, then what a model-only span also needs: its line names what it is."""
    failed = failed_form(entity_type, value)
    if failed is not None:
        return failed
    before, written, after = _as_written(value.strip(), line)
    if entity_type != "PRIVATE_KEY" and written != value.strip() and is_placeholder(written):
        return "placeholder"
    if entity_type == "GENERIC_API_KEY" and _VERSION.search(written):
        return "version"
    if (after.startswith("(") and before[-1:].isidentifier()) or _FILE_NAME.search(written):
        return "code"
    if _SOPS.search(line):
        return "encrypted"
    if entity_type not in SPANS_WHITESPACE and _WHITESPACE.search(value.strip()):
        return "whitespace"
    if entity_type == "PRIVATE_KEY" and not (_KEY_ARMOUR.search(value) or _KEY_CONTEXT.search(line)):
        return "private-key"
    if entity_type == "GENERIC_API_KEY" and not _CREDENTIAL_CONTEXT.search(line.replace(value.strip(), " ")):
        return "context"
    shape = _REQUIRED_SHAPES.get(entity_type)
    if shape is not None and shape[1].search(value.strip()) is None:
        return shape[0]
    return None
