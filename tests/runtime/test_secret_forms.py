"""Structure checks on secret values (issue 15 item 5), and how combine uses them on model spans."""

from __future__ import annotations

import base64
import json

import pytest

from verdict.runtime.detectors import DetectContext, combine, default_secret_detector
from verdict.runtime.detectors.secret_forms import failed_context, failed_form, jwt_header
from verdict.runtime.findings import Finding


def _b64(obj: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


JWT = f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{_b64({'sub': '8214', 'iat': 1716239022})}.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"
KEY_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3"
BTC = ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")


def test_jwt_header_decodes_and_names_its_algorithm():
    assert jwt_header(JWT) == {"alg": "HS256", "typ": "JWT"}
    assert jwt_header(f"{_b64({'typ': 'JWT'})}.{_b64({'sub': 1})}.sig") is None  # no "alg"
    assert jwt_header("ABCDEFG.ABCDEFGH.ABCDEFGHI") is None
    assert jwt_header("eyJhbGciOieeeiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.sig") is None  # header is not JSON


# (type, value, line, the check it fails or None)
FORMS = [
    ("JWT", JWT, f"token: {JWT}", None),
    (
        "JWT",
        "dfdfer fgerfow2e0d qsqskdsd djksdnfkff swq",
        "dfdfer fgerfow2e0d qsqskdsd djksdnfkff swq",
        "jwt",
    ),
    ("JWT", "DEFG ABCDEFGH", "ABCDEFG ABCDEFGH ABCDEFGHI", "placeholder"),
    ("JWT", f"{BTC[0]} {BTC[1]}", f"{BTC[0]} {BTC[1]}", "jwt"),
    ("GENERIC_API_KEY", BTC[0], f"send to {BTC[0]}", "crypto"),
    ("GENERIC_API_KEY", "AKIAIOSFODNN7EXAMPLE", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "placeholder"),
    ("GENERIC_API_KEY", "<your-api-key>", 'api_key = "<your-api-key>"', "placeholder"),
    ("OPENAI_KEY", "sk-...", 'OPENAI_API_KEY="sk-..."', "placeholder"),
    ("GENERIC_API_KEY", "your_token_here", "token = your_token_here", "placeholder"),
    ("GENERIC_API_KEY", "xxxxxxxxxxxxxxxx", "token = xxxxxxxxxxxxxxxx", "placeholder"),
    ("SLACK_TOKEN", "xoxe.xoxp-1-RANDOMSTRINGHERE", "xoxe.xoxp-1-RANDOMSTRINGHERE", "placeholder"),
    (
        "GENERIC_API_KEY",
        "12345678-ABCD-ABCD-ABCD-1234567890AB",
        "key = 12345678-ABCD-ABCD-ABCD-1234567890AB",
        "placeholder",
    ),
    ("GENERIC_API_KEY", "q8Fz2LkP0vRx7TnW4yHc", "api_key = q8Fz2LkP0vRx7TnW4yHc", None),
    ("GENERIC_API_KEY", "q8Fz2LkP0vRx7TnW4yHc", "build id q8Fz2LkP0vRx7TnW4yHc passed", "context"),
    (
        "GENERIC_API_KEY",
        "q8Fz2LkP0vRx7TnW4yHc qsqskdsd",
        "secret: q8Fz2LkP0vRx7TnW4yHc qsqskdsd",
        "whitespace",
    ),
    ("PRIVATE_KEY", KEY_BODY, f"blob {KEY_BODY}", "private-key"),
    # A compose file's image tag, env name and host:port carry no credential.
    ("CONNECTION_STRING", "postgres:16", "    image: postgres:16", "connection-string"),
    ("CONNECTION_STRING", ":5432/appdb", "DATABASE_URL=postgresql://db:5432/appdb", "connection-string"),
    (
        "CONNECTION_STRING",
        "postgresql://app:Kq8v2Lz@db:5432/appdb",
        "url = postgresql://app:Kq8v2Lz@db:5432/appdb",
        None,
    ),
    (
        "CONNECTION_STRING",
        "Server=db;User Id=app;Password=Kq8v2Lz;",
        "Server=db;User Id=app;Password=Kq8v2Lz;",
        None,
    ),
    ("CONNECTION_STRING", "redis://:Kq8v2Lzw@cache:6379/0", "REDIS_URL=redis://:Kq8v2Lzw@cache:6379/0", None),
    # gitleaks' generic rule reaching from "MAPS_API_KEY=<YOUR_API_KEY>" over the line break.
    ("GENERIC_API_KEY", "MAPS_REGION=eu-west", "MAPS_REGION=eu-west", "assignment"),
    ("PRIVATE_KEY", KEY_BODY, f"private_key: {KEY_BODY}", None),
    ("PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----", "", "placeholder"),
]


@pytest.mark.parametrize(("entity_type", "value", "line", "failure"), FORMS)
def test_secret_forms(entity_type, value, line, failure):
    assert failed_context(entity_type, value, line) == failure


def test_a_rule_hit_needs_no_context_word():
    # A vendor rule's prefix vouches for the value; the context check is for model-only spans.
    assert failed_form("GENERIC_API_KEY", "q8Fz2LkP0vRx7TnW4yHc") is None


def _model(type_: str, text: str, value: str, score: float = 0.88) -> Finding:
    start = text.index(value)
    return Finding("leakage", type_, score, start, start + len(value), "model")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("dfdfer fgerfow2e0d qsqskdsd djksdnfkff swq", "dfdfer fgerfow2e0d qsqskdsd djksdnfkff swq"),
        ("ABCDEFG ABCDEFGH ABCDEFGHI", "DEFG ABCDEFGH"),
    ],
)
def test_model_jwt_that_does_not_decode_is_demoted(text, value):
    (finding,) = combine([_model("JWT", text, value)], [], text)
    assert finding.score == pytest.approx(0.88 * 0.3)
    assert "failed secret form:" in finding.explanation


def test_wallet_addresses_under_a_model_jwt_stay_crypto():
    text = f"{BTC[0]} {BTC[1]}"
    rules = [
        Finding("pii", "CRYPTO", 0.95, text.index(a), text.index(a) + len(a), "checksum:wallet") for a in BTC
    ]
    combined = combine([_model("JWT", text, text)], rules, text)
    assert sorted((f.type, text[f.start : f.end]) for f in combined if f.score >= 0.5) == [
        ("CRYPTO", BTC[0]),
        ("CRYPTO", BTC[1]),
    ]


def test_model_jwt_that_decodes_is_kept():
    text = f"Authorization: Bearer {JWT}"
    (finding,) = combine([_model("JWT", text, JWT)], [], text)
    assert finding.score == 0.88 and finding.explanation == ""


@pytest.mark.parametrize(
    "text",
    [
        'aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"',
        'OPENAI_API_KEY="sk-..."',
        'slack_token = "xoxb-xxxxxxxxxxxx-xxxxxxxxxxxx"',
        'github_token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"',
        "SNYK_TOKEN = 12345678-ABCD-ABCD-ABCD-1234567890AB",
    ],
)
def test_rule_detectors_skip_documentation_placeholders(text):
    assert default_secret_detector().detect(text, DetectContext()) == []


HUGGING_FACE = [
    (
        '        "    hf_token = \\"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\\"\\n",',
        "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",
    ),
    (",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,", "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"),
    ("<foo>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</foo>", "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"),
    ("token = hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", None),  # a placeholder
    ("def _api_org_96726c78_4ae3_402f_b08b_7a78c6903d2a(self):", None),  # an identifier
    ("self.hf_requiredCharacteristicTypesForDisplayMetadataX = 1", None),  # glued to a longer word
]


@pytest.mark.parametrize(("text", "token"), HUGGING_FACE)
def test_hugging_face_tokens_by_their_prefix_and_letters(text, token):
    found = [text[f.start : f.end] for f in default_secret_detector().detect(text, DetectContext())]
    assert found == ([token] if token else [])


VENDOR_SPANS = [
    ("GCP_API_KEY", "https://en.wikipedia.org/wiki/Artificial_intelligence", "vendor"),
    ("GCP_API_KEY", "AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0", None),
    ("AWS_ACCESS_KEY", "desktop-rhf_SponsoredProductsRemoteRHFSearchEXPSubsK2ClickPagination", "vendor"),
    ("AWS_ACCESS_KEY", "AKIALALEMEL33243OLIB", None),
    ("SLACK_TOKEN", "xoxb-263594206564-FGqddMF8t08v8N7Oq4i57vs1", None),
    ("GITHUB_TOKEN", "glpat-wNQhZS3FgrXHnTg_4fJMlXqaL", "vendor"),
]


@pytest.mark.parametrize(("entity_type", "value", "failed"), VENDOR_SPANS)
def test_a_model_span_of_a_vendor_type_has_the_vendors_shape(entity_type, value, failed):
    assert failed_context(entity_type, value, f"key = {value}") == failed


# Issue 15 item 6 / brief i15: the remaining rule errors of the secrets dev set, on values written here.
CORRUPT_HEADER_JWT = (
    f"eyJhbGciOieeeiIsInR5cCI6IkpXVCJ9.{_b64({'sub': '8214', 'name': 'Ada'})}.Xk9dQ2vLr7TmWb4yPq"
)
SQUARE_SECRET = "sq0csp-" + "Rk3v9QpL2xTm8WbN4cYh7JdF6gZs1KuE5aVn0PoXi_w"  # 43 characters after the prefix
GRAFANA = (
    "glc_" + base64.b64encode(b'{"o":"918273","n":"stack-ops-read","k":"Zq81Lm7"}').decode()
)  # ends "=="


@pytest.mark.parametrize(
    ("entity_type", "value", "failed"),
    [
        ("JWT", CORRUPT_HEADER_JWT, None),  # the header is mangled, the claims decode
        ("JWT", "eyJhbGciOieeei.eyJzdWIiOieee.Qm9vWk", "jwt"),  # nothing decodes
        ("GENERIC_API_KEY", "abcdef123", "placeholder"),  # an alphabet run and counting
        ("GENERIC_API_KEY", "12345", "placeholder"),
        ("GENERIC_API_KEY", "eXamPl3T0K3n", "placeholder"),  # "example token" in digits for letters
        ("GENERIC_API_KEY", "xoxp-1234-1234-1234-4ddbc191d40e", "placeholder"),
        ("GENERIC_API_KEY", "ops_eyJzaWduSW5BZGRyZXNz...", "placeholder"),  # cut short in the docs
        ("PASSWORD", "S3cr3tPassw0rd", None),  # a weak password, but a real one
        ("GENERIC_API_KEY", GRAFANA, None),  # base64's "=" is no assignment
        ("GENERIC_API_KEY", "MAPS_REGION=eu-west", "assignment"),
    ],
)
def test_forms_of_the_dev_set_errors(entity_type, value, failed):
    assert failed_form(entity_type, value) == failed


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f'value: "{SQUARE_SECRET}"', SQUARE_SECRET),
        (f"loki_key: {GRAFANA}", GRAFANA),
    ],
)
def test_rules_find_square_secrets_and_padded_tokens(text, value):
    found = default_secret_detector().detect(text, DetectContext())
    assert {text[f.start : f.end] for f in found} == {value}


@pytest.mark.parametrize(
    ("text", "value", "failed"),
    [
        (
            'accessibilityYesOptionId = "0736f5ef-7e88-499a-80cc-90c85d2a5180"',
            "0736f5ef-7e88-499a-80cc-90c85d2a5180",
            "allowlist",
        ),
        (
            "credentialsId: 'ff083f76-7804-4ef1-80e4-fe975bb9141b'",
            "ff083f76-7804-4ef1-80e4-fe975bb9141b",
            "allowlist",
        ),
        ("event-api:rc0.15.0_20231217_1420-SNAPSHOT'", "rc0.15.0_20231217_1420", "version"),
        (
            "export OP_TOKEN=ops_eyJzaWduSW5BZGRyZXNzIjoiaHR0cHM6...",
            "ops_eyJzaWduSW5BZGRyZXNzIjoiaHR0cHM6",
            "placeholder",
        ),
        ("secret: ops_eyJzaWduSW5B..[Redacted]", "ops_eyJzaWduSW5B", "placeholder"),
        ("    def _api_org_96726c78_4ae3_402f(self, method):", "96726c78_4ae3_402f", "code"),
        ('load("api_org_96726c78_4ae3_402f_b08b.xml")', "96726c78_4ae3_402f_b08b", "code"),
        (
            "  db-password: ENC[AES256_GCM,data:O+5l4g==,iv:c/dS4BCBMbnKsXYuzBuCuVQt8RV9bOv5Hgd=]",
            "c/dS4BCBMbnKsXYuzBuCuVQt8RV9bOv5Hgd",
            "encrypted",
        ),
    ],
)
def test_model_only_generic_keys_that_are_ids_versions_or_stand_ins_are_demoted(text, value, failed):
    (finding,) = combine([_model("GENERIC_API_KEY", text, value)], [], text)
    assert finding.explanation == f"failed secret form:{failed}"


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("xoxb-12345-abcd234", False),  # no team number
        ("xoxb-Slack_BOT_TOKEN", False),
        ("xoxb-7812365427-2364535789652-Gkw2FDQoHqzXDVsC6GzqYUyp", True),
    ],
)
def test_model_only_slack_token_has_a_team_number(value, kept):
    text = f'"bot_token": "{value}"'
    (finding,) = combine([_model("SLACK_TOKEN", text, value)], [], text)
    assert (finding.explanation == "") == kept
