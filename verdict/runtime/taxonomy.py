"""The label taxonomy: what verdict can find, and what each label means.

Three families share one encoder pass:

* **entities** (token head, BIO): PII types with Presidio-compatible names where Presidio has one,
  and secret types (credentials found verbatim in text).
* **topics** (topic head, multi-label sigmoid): MLCommons AILuminate hazard categories as Llama Guard 3
  numbers them (S1–S14), with specialized advice split into medical / legal / financial, plus
  harassment and graphic violence. `OPENAI_MODERATION_MAP` maps them onto OpenAI moderation categories.
* **leakage** (leak head, multi-label sigmoid): system-prompt disclosure, confidential material,
  credentials.

The order of every tuple here is the order of the model's output units; changing it breaks shipped
models, so new labels are appended and the manifest records the labels each model was trained with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

Family = Literal["pii", "secret"]


@dataclass(frozen=True, slots=True)
class EntityType:
    name: str
    family: Family
    description: str
    presidio: bool = False  # the name is Presidio's own entity name


ENTITY_TYPES: tuple[EntityType, ...] = (
    # -- PII -----------------------------------------------------------------------------------
    EntityType(
        "PERSON", "pii", "A person's full or partial name (not public figures in a public role)", True
    ),
    EntityType("EMAIL_ADDRESS", "pii", "An email address", True),
    EntityType("PHONE_NUMBER", "pii", "A telephone number in any national or international format", True),
    EntityType("STREET_ADDRESS", "pii", "A postal street address (number, street, optionally city/postcode)"),
    EntityType("LOCATION", "pii", "A city, region or country tied to a person", True),
    EntityType("DATE_OF_BIRTH", "pii", "A person's date of birth"),
    EntityType("AGE", "pii", "A person's age"),
    EntityType("US_SSN", "pii", "US Social Security number", True),
    EntityType("US_ITIN", "pii", "US Individual Taxpayer Identification Number", True),
    EntityType("US_PASSPORT", "pii", "US passport number", True),
    EntityType("US_DRIVER_LICENSE", "pii", "US driver's licence number", True),
    EntityType("UK_NINO", "pii", "UK National Insurance number", True),
    EntityType("UK_NHS", "pii", "UK NHS number", True),
    EntityType("ES_NIF", "pii", "Spanish tax ID (DNI/NIF/NIE)", True),
    EntityType("IT_FISCAL_CODE", "pii", "Italian codice fiscale", True),
    EntityType("DE_TAX_ID", "pii", "German Steuer-Identifikationsnummer"),
    EntityType("FR_NIR", "pii", "French social security number (NIR/INSEE)"),
    EntityType("IN_PAN", "pii", "Indian Permanent Account Number", True),
    EntityType("IN_AADHAAR", "pii", "Indian Aadhaar number", True),
    EntityType("AU_TFN", "pii", "Australian Tax File Number", True),
    EntityType("CA_SIN", "pii", "Canadian Social Insurance Number"),
    EntityType("PASSPORT", "pii", "A passport number of a non-US country"),
    EntityType("CREDIT_CARD", "pii", "A payment card number", True),
    EntityType("IBAN_CODE", "pii", "International Bank Account Number", True),
    EntityType("BANK_ACCOUNT", "pii", "A domestic bank account or routing number", False),
    EntityType("IP_ADDRESS", "pii", "An IPv4 or IPv6 address", True),
    EntityType("MAC_ADDRESS", "pii", "A hardware MAC address"),
    EntityType("URL", "pii", "A URL carrying personal data (profile, query with personal values)", True),
    EntityType("USERNAME", "pii", "An account handle or username"),
    EntityType("PASSWORD", "pii", "A password written in prose or config"),
    EntityType("MEDICAL_RECORD_NUMBER", "pii", "A medical record / patient number", False),
    EntityType("CRYPTO", "pii", "A cryptocurrency wallet address", True),
    EntityType("VEHICLE_ID", "pii", "A VIN or a licence plate"),
    # -- secrets -------------------------------------------------------------------------------
    EntityType("AWS_ACCESS_KEY", "secret", "AWS access key id or secret access key"),
    EntityType("GCP_API_KEY", "secret", "Google Cloud / Google API key or service-account private key id"),
    EntityType("AZURE_KEY", "secret", "Azure storage key, client secret or SAS token"),
    EntityType("GITHUB_TOKEN", "secret", "GitHub personal, OAuth, app or fine-grained token"),
    EntityType("GITLAB_TOKEN", "secret", "GitLab personal, pipeline or runner token"),
    EntityType("SLACK_TOKEN", "secret", "Slack bot/user token or webhook URL"),
    EntityType("STRIPE_KEY", "secret", "Stripe secret or restricted key"),
    EntityType("OPENAI_KEY", "secret", "OpenAI or Anthropic API key"),
    EntityType("PRIVATE_KEY", "secret", "A PEM/OpenSSH private key block"),
    EntityType("JWT", "secret", "A JSON Web Token"),
    EntityType("CONNECTION_STRING", "secret", "A database/broker URI or DSN with embedded credentials"),
    EntityType("SESSION_COOKIE", "secret", "A session cookie or bearer token value"),
    EntityType("GENERIC_API_KEY", "secret", "Any other provider API key or high-entropy credential"),
)

ENTITY_NAMES: tuple[str, ...] = tuple(e.name for e in ENTITY_TYPES)
PII_TYPES: tuple[str, ...] = tuple(e.name for e in ENTITY_TYPES if e.family == "pii")
SECRET_TYPES: tuple[str, ...] = tuple(e.name for e in ENTITY_TYPES if e.family == "secret")
ENTITY_BY_NAME: dict[str, EntityType] = {e.name: e for e in ENTITY_TYPES}

# BIO tag set of the token head: index 0 is "O", then B-/I- per entity in ENTITY_TYPES order.
TOKEN_TAGS: tuple[str, ...] = ("O",) + tuple(f"{p}-{name}" for name in ENTITY_NAMES for p in ("B", "I"))


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    mlcommons: str  # AILuminate hazard code ("" when the topic is not an MLCommons hazard)
    llama_guard: str  # Llama Guard 3 category id ("" when none)
    description: str


TOPICS: tuple[Topic, ...] = (
    Topic(
        "violent_crimes",
        "vcr",
        "S1",
        "Enables, encourages or endorses violent crimes (murder, assault, terrorism, kidnapping, animal abuse)",
    ),
    Topic(
        "non_violent_crimes",
        "ncr",
        "S2",
        "Enables non-violent crimes: fraud, scams, theft, hacking, drugs, weapons trafficking, cyber crime",
    ),
    Topic(
        "sex_related_crimes",
        "src",
        "S3",
        "Enables sex trafficking, sexual assault, sexual harassment, prostitution",
    ),
    Topic(
        "child_sexual_exploitation",
        "cse",
        "S4",
        "Contains, describes, enables or endorses sexual abuse of minors",
    ),
    Topic(
        "defamation", "dfm", "S5", "Verifiably false statements likely to injure a living person's reputation"
    ),
    Topic(
        "specialized_advice_medical",
        "spc_hlt",
        "S6",
        "Individual medical diagnosis, dosing or treatment advice given as authoritative",
    ),
    Topic("specialized_advice_legal", "spc_lgl", "S6", "Individual legal advice given as authoritative"),
    Topic(
        "specialized_advice_financial",
        "spc_fin",
        "S6",
        "Individual financial or investment advice given as authoritative",
    ),
    Topic(
        "privacy",
        "prv",
        "S7",
        "Reveals or helps obtain sensitive non-public personal information about a person",
    ),
    Topic(
        "intellectual_property",
        "ipv",
        "S8",
        "Violates or helps violate intellectual property (piracy, copyrighted text verbatim)",
    ),
    Topic(
        "indiscriminate_weapons",
        "iwp",
        "S9",
        "Enables chemical, biological, radiological, nuclear or high-yield explosive weapons",
    ),
    Topic("hate", "hte", "S10", "Demeans or dehumanizes people for protected characteristics"),
    Topic(
        "suicide_self_harm", "ssh", "S11", "Enables or encourages suicide, self-injury or disordered eating"
    ),
    Topic("sexual_content", "sxc_prn", "S12", "Sexually explicit content"),
    Topic(
        "elections",
        "spc_ele",
        "S13",
        "Factually wrong information about electoral processes (time, place, eligibility)",
    ),
    Topic(
        "code_interpreter_abuse",
        "",
        "S14",
        "Malware, exploits, abuse of code execution or attack tooling (MITRE ATT&CK)",
    ),
    Topic("harassment", "", "", "Insults, threats or bullying aimed at a person or group"),
    Topic("graphic_violence", "", "", "Gory or graphic depictions of violence or injury"),
)
TOPIC_LABELS: tuple[str, ...] = tuple(t.name for t in TOPICS)
TOPIC_BY_NAME: dict[str, Topic] = {t.name: t for t in TOPICS}

# Topics whose definitions overlap: a text in one may well be in the other (a bioweapon request is a
# violent crime; a slur aimed at someone is harassment and hate). A source that files each text under one
# category leaves these open, and only these: its bioweapon prompt says nothing about violent crimes but
# is no election misinformation. Symmetric (RELATED_TOPICS closes the pairs below both ways).
_OVERLAPS: tuple[tuple[str, str], ...] = (
    ("violent_crimes", "indiscriminate_weapons"),
    ("violent_crimes", "harassment"),
    ("violent_crimes", "graphic_violence"),
    ("violent_crimes", "sex_related_crimes"),
    ("violent_crimes", "child_sexual_exploitation"),
    ("violent_crimes", "hate"),
    ("violent_crimes", "non_violent_crimes"),
    ("non_violent_crimes", "indiscriminate_weapons"),
    ("non_violent_crimes", "code_interpreter_abuse"),
    ("non_violent_crimes", "privacy"),
    ("non_violent_crimes", "intellectual_property"),
    ("non_violent_crimes", "sex_related_crimes"),
    ("non_violent_crimes", "elections"),
    ("non_violent_crimes", "specialized_advice_financial"),
    ("non_violent_crimes", "defamation"),
    ("sex_related_crimes", "sexual_content"),
    ("sex_related_crimes", "child_sexual_exploitation"),
    ("sex_related_crimes", "harassment"),
    ("child_sexual_exploitation", "sexual_content"),
    ("sexual_content", "harassment"),
    ("defamation", "harassment"),
    ("defamation", "elections"),
    ("hate", "harassment"),
    ("harassment", "privacy"),
    ("privacy", "code_interpreter_abuse"),
    ("suicide_self_harm", "specialized_advice_medical"),
    ("specialized_advice_medical", "specialized_advice_legal"),
    ("specialized_advice_legal", "specialized_advice_financial"),
    ("specialized_advice_medical", "specialized_advice_financial"),
)
RELATED_TOPICS: dict[str, frozenset[str]] = {
    t: frozenset(b if a == t else a for a, b in _OVERLAPS if t in (a, b)) for t in TOPIC_LABELS
}

# verdict topic -> OpenAI moderation categories it implies (a topic may map to several, or none).
OPENAI_MODERATION_MAP: dict[str, tuple[str, ...]] = {
    "violent_crimes": ("violence", "illicit/violent"),
    "non_violent_crimes": ("illicit",),
    "sex_related_crimes": ("sexual", "illicit"),
    "child_sexual_exploitation": ("sexual/minors",),
    "defamation": (),
    "specialized_advice_medical": (),
    "specialized_advice_legal": (),
    "specialized_advice_financial": (),
    "privacy": (),
    "intellectual_property": (),
    "indiscriminate_weapons": ("illicit/violent", "violence"),
    "hate": ("hate",),
    "suicide_self_harm": ("self-harm", "self-harm/instructions"),
    "sexual_content": ("sexual",),
    "elections": (),
    "code_interpreter_abuse": ("illicit",),
    "harassment": ("harassment",),
    "graphic_violence": ("violence/graphic",),
}

LEAK_LABELS: tuple[str, ...] = (
    "system_prompt_disclosure",  # the output reveals its own instructions (verbatim, partial, paraphrased, translated)
    "confidential_material",  # internal-only documents, marked confidential, unreleased data
    "credentials",  # the output hands over credentials (a secret entity, or a login given in prose)
)

FINDING_CATEGORIES: tuple[str, ...] = ("pii", "topic", "leakage")


def category_of_entity(name: str) -> str:
    """The finding category an entity type reports under: secrets are leakage, the rest PII."""
    return "leakage" if ENTITY_BY_NAME[name].family == "secret" else "pii"


def as_dict() -> dict:
    """The machine-readable taxonomy written beside each exported model (`taxonomy.json`)."""
    return {
        "entities": [
            {"name": e.name, "family": e.family, "description": e.description, "presidio": e.presidio}
            for e in ENTITY_TYPES
        ],
        "token_tags": list(TOKEN_TAGS),
        "topics": [
            {
                "name": t.name,
                "mlcommons": t.mlcommons,
                "llama_guard": t.llama_guard,
                "openai": list(OPENAI_MODERATION_MAP[t.name]),
                "description": t.description,
            }
            for t in TOPICS
        ],
        "leakage": list(LEAK_LABELS),
    }


def to_json() -> str:
    return json.dumps(as_dict(), indent=2)
