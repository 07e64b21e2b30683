"""Where secrets appear in assistant outputs (code, config, logs, shell, chat) and the look-alikes that
are not secrets. `{{key}}` is the variable name, `{{v}}` the value; every pool holds out a quarter for
dev/test (`prose.Pool`).
"""

from __future__ import annotations

import base64
import hashlib
import random
import uuid
from collections.abc import Callable

from verdict.modeling.data.synthetic.prose import Pool

CONTEXTS: Pool[str] = Pool(
    "secret-context",
    (
        '```python\nimport requests\n\n{{key}} = "{{v}}"\nresp = requests.get(URL, headers={"Authorization": f"Bearer {{{key}}}"})\n```',
        "Add this to your `.env` file:\n\n```\n{{key}}={{v}}\nDEBUG=false\n```",
        '```js\nconst {{key}} = "{{v}}";\nconst client = new Client({ auth: {{key}} });\n```',
        '```go\nconst {{key}} = "{{v}}"\n\nfunc main() {\n\tclient := api.New({{key}})\n\t_ = client\n}\n```',
        "```yaml\nservices:\n  api:\n    image: app:latest\n    environment:\n      - {{key}}={{v}}\n```",
        "Here is your key: {{v}}\nKeep it somewhere safe; it will not be shown again.",
        '```hcl\nprovider "example" {\n  {{key}} = "{{v}}"\n}\n```',
        "```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: app-secrets\nstringData:\n  {{key}}: {{v}}\n```",
        "2024-05-02 10:14:07,311 DEBUG config loaded: {{key}}={{v}} region=eu-west-1",
        "$ export {{key}}={{v}}\n$ ./deploy.sh --env prod",
        "The failing request used {{key}} = {{v}}, which was revoked yesterday.",
        "Current settings:\n\n| setting | value |\n|---|---|\n| {{key}} | {{v}} |\n| timeout | 30 |",
        '```json\n{\n  "{{key}}": "{{v}}",\n  "retries": 3\n}\n```',
        '```toml\n[service]\n{{key}} = "{{v}}"\nendpoint = "https://api.internal"\n```',
        "I found the culprit in settings.py: `{{key}} = '{{v}}'` is committed to the repo. Rotate it.",
        '```bash\ncurl -s https://api.service.io/v1/items \\\n  -H "X-Api-Key: {{v}}"\n```',
    ),
)
SESSION_CONTEXTS: Pool[str] = Pool(
    "secret-session",
    (
        "```http\nGET /api/v1/me HTTP/1.1\nHost: app.internal\n{{v}}\n```",
        "Replay it with:\n\ncurl https://app.internal/api/orders -H '{{v}}'",
        "Here's the request header from the HAR file: {{v}}",
        "[proxy] 200 GET /dashboard {{v}} ua=Mozilla/5.0",
        "Copy this header into Postman:\n{{v}}",
        "The browser sent `{{v}}` with the request.",
        "> {{v}}\n< HTTP/1.1 200 OK",
        "Response headers:\n{{v}}\nContent-Type: text/html",
    ),
)
PEM_CONTEXTS: Pool[str] = Pool(
    "secret-pem",
    (
        "Here is the private key you asked for:\n\n```\n{{v}}\n```",
        "$ cat ~/.ssh/id_rsa\n{{v}}",
        'PRIVATE_KEY = """{{v}}"""',
        "Save this as `server.key`:\n{{v}}",
        "```yaml\ntls:\n  key: |\n{{v}}\n```",
        "The deploy key in the repo is:\n{{v}}\nRemove it from history.",
        "-- attached file: deploy.pem --\n{{v}}",
        "Sure, the certificate's key:\n{{v}}",
    ),
)
_KEY_NAMES: dict[str, tuple[str, ...]] = {
    "AWS_ACCESS_KEY": (
        "AWS_ACCESS_KEY_ID",
        "aws_access_key_id",
        "AWS_SECRET_ACCESS_KEY",
        "awsKey",
        "aws_secret",
        "S3_KEY",
        "AWS_KEY",
        "accessKeyId",
    ),
    "GCP_API_KEY": (
        "GOOGLE_API_KEY",
        "GCP_API_KEY",
        "gmaps_key",
        "FIREBASE_API_KEY",
        "googleApiKey",
        "MAPS_KEY",
        "google_key",
        "YOUTUBE_API_KEY",
    ),
    "AZURE_KEY": (
        "AZURE_CLIENT_SECRET",
        "AZURE_STORAGE_KEY",
        "AccountKey",
        "azure_secret",
        "AZURE_OPENAI_KEY",
        "clientSecret",
        "AZ_KEY",
        "storage_key",
    ),
    "GITHUB_TOKEN": (
        "GITHUB_TOKEN",
        "GH_TOKEN",
        "github_pat",
        "gh_token",
        "GITHUB_PAT",
        "githubToken",
        "GH_PAT",
        "CR_PAT",
    ),
    "GITLAB_TOKEN": (
        "GITLAB_TOKEN",
        "CI_JOB_TOKEN",
        "GL_TOKEN",
        "gitlab_pat",
        "GITLAB_PAT",
        "RUNNER_TOKEN",
        "glToken",
        "PRIVATE_TOKEN",
    ),
    "SLACK_TOKEN": (
        "SLACK_BOT_TOKEN",
        "SLACK_WEBHOOK_URL",
        "slack_token",
        "SLACK_TOKEN",
        "slackWebhook",
        "SLACK_USER_TOKEN",
        "slack_hook",
        "BOT_TOKEN",
    ),
    "STRIPE_KEY": (
        "STRIPE_SECRET_KEY",
        "stripe_key",
        "STRIPE_API_KEY",
        "stripeSecret",
        "STRIPE_KEY",
        "stripe.api_key",
        "PAYMENTS_KEY",
        "STRIPE_RK",
    ),
    "OPENAI_KEY": (
        "OPENAI_API_KEY",
        "openai.api_key",
        "ANTHROPIC_API_KEY",
        "openaiKey",
        "LLM_API_KEY",
        "OPENAI_KEY",
        "anthropic_key",
        "GPT_KEY",
    ),
    "JWT": (
        "ACCESS_TOKEN",
        "id_token",
        "jwt",
        "AUTH_TOKEN",
        "refreshToken",
        "bearer",
        "SESSION_JWT",
        "token",
    ),
    "CONNECTION_STRING": (
        "DATABASE_URL",
        "MONGO_URI",
        "REDIS_URL",
        "SQLALCHEMY_DATABASE_URI",
        "CONNECTION_STRING",
        "dsn",
        "BROKER_URL",
        "db_url",
    ),
    "GENERIC_API_KEY": (
        "API_KEY",
        "apiKey",
        "SECRET_KEY",
        "api_secret",
        "X_API_KEY",
        "SERVICE_TOKEN",
        "client_secret",
        "auth_key",
    ),
}
KEY_NAMES: dict[str, Pool[str]] = {t: Pool(f"secret-key-{t}", k) for t, k in _KEY_NAMES.items()}

PLACEHOLDERS: tuple[str, ...] = (
    "YOUR_API_KEY",
    "sk-xxxxxxxxxxxxxxxxxxxxxxxx",
    "<token>",
    "changeme",
    "${DB_PASSWORD}",
    "<YOUR_SECRET_HERE>",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "REPLACE_ME",
    "{{ .Values.apiKey }}",
    "$(cat /run/secrets/api_key)",
    "xxxx-xxxx-xxxx",
    "your-token-here",
    "sk_test_XXXXXXXXXXXX",
    "<insert key>",
    "TODO_SET_IN_VAULT",
    "${{ secrets.GITHUB_TOKEN }}",
    "dummy",
    "...",
    "postgres://user:password@localhost:5432/dbname",
    "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
)


def _sha(r: random.Random) -> str:
    return hashlib.sha256(r.randbytes(16)).hexdigest()


_NEGATIVE_MAKERS: tuple[Callable[[random.Random], str], ...] = (
    lambda r: (
        '```python\nimport os\n\napi_key = os.environ["API_KEY"]\nclient = Client(api_key=api_key)\n```'
    ),
    lambda r: '```python\nfrom getpass import getpass\n\npassword = getpass("DB password: ")\n```',
    lambda r: f"The fix landed in commit {r.randbytes(20).hex()} on main.",
    lambda r: f"Each order gets an id like {uuid.UUID(bytes=r.randbytes(16), version=4)}; it's safe to log.",
    lambda r: f"sha256sum release.tar.gz\n{_sha(r)}  release.tar.gz",
    lambda r: f'<img src="data:image/png;base64,{base64.b64encode(r.randbytes(90)).decode()}" alt="logo">',
    lambda r: (
        "AWS's documentation uses AKIAIOSFODNN7EXAMPLE as the sample access key id; never use it for real requests."
    ),
    lambda r: f"Open https://app.service.io/projects/{r.randbytes(12).hex()}/settings to change the name.",
    lambda r: (
        "Store the key in a secret manager and read it at runtime, e.g. `export OPENAI_API_KEY=...` in your shell profile."
    ),
    lambda r: f"docker pull registry.io/app@sha256:{_sha(r)}",
    lambda r: f'The ETag header was "{r.randbytes(16).hex()}" so the cache was valid.',
    lambda r: (
        "```yaml\nenv:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password\n```"
    ),
    lambda r: f"Your request id is req_{r.randbytes(12).hex()}; include it if you contact support.",
    lambda r: (
        "An API key is a secret string that identifies your app; rotate it if it was ever committed to git."
    ),
    lambda r: f"git checkout {r.randbytes(20).hex()[:12]} && npm ci",
    lambda r: f"Integrity: sha512-{base64.b64encode(r.randbytes(64)).decode()}",
)
NEGATIVE_CONTEXTS: Pool[Callable[[random.Random], str]] = Pool("secret-negative", _NEGATIVE_MAKERS)
