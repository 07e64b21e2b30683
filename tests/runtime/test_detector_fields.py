"""Record fields: the key or column header of a value names its type (records.fields, FieldDetector,
and how combine weighs a field against the model and the shape rules)."""

from __future__ import annotations

import pytest

from verdict.runtime.detectors import DetectContext, FieldDetector, combine, default_detectors, run_detectors
from verdict.runtime.detectors.fields import HINT_DETECTOR, fits, key_row
from verdict.runtime.detectors.records import fields
from verdict.runtime.findings import Finding

CTX = DetectContext()


def field_values(text: str) -> list[tuple[str, str]]:
    return [(f.key, text[f.start : f.end]) for f in fields(text)]


RECORDS = [
    # YAML, .env and form lines; bullets and Markdown bold keys
    ("soc_sec: 843413320\nKonto = 387070164", [("soc_sec", "843413320"), ("Konto", "387070164")]),
    ("- **pwd:** v%R_2Eo4\n- **contact:** Ida", [("pwd", "v%R_2Eo4"), ("contact", "Ida")]),
    ("GITHUB_PAT=gho_Am2TpNT\nDEBUG=false", [("GITHUB_PAT", "gho_Am2TpNT"), ("DEBUG", "false")]),
    # JSON members: quotes and the trailing comma go; a nested object is no value
    (
        '{\n  "holder": "Utkarsh",\n  "pp_no": "377301400",\n  "meta": {\n  }\n}',
        [("holder", "Utkarsh"), ("pp_no", "377301400")],
    ),
    # a Markdown table: every row's cells under their header
    (
        "Here:\n\n| passport_number | patient_age |\n|---|---|\n| 958098492 | 50 |\n| C17I87752 | 61 |\n\nDone.",
        [
            ("passport_number", "958098492"),
            ("patient_age", "50"),
            ("passport_number", "C17I87752"),
            ("patient_age", "61"),
        ],
    ),
    # CSV with a header row; a quoted cell keeps its comma
    (
        'name,ssn_number,city\n"Lewis, Sarah",867 28 4021,Kobe\nAna Ruiz,120 71 1720,Porto',
        [
            ("name", "Lewis, Sarah"),
            ("ssn_number", "867 28 4021"),
            ("city", "Kobe"),
            ("name", "Ana Ruiz"),
            ("ssn_number", "120 71 1720"),
            ("city", "Porto"),
        ],
    ),
    # comma-separated lines with no header row are not a record
    ("4111,22\n5222,33", []),
    # prose with no field shape
    ("Thanks, I will call you tomorrow.", []),
]


@pytest.mark.parametrize(("text", "expected"), RECORDS)
def test_fields_of_records(text, expected):
    assert field_values(text) == expected


@pytest.mark.parametrize(
    ("key", "types", "alone"),
    [
        ("soc_sec", ("US_SSN",), True),
        ("ssn_number", ("US_SSN",), True),
        ("passport_number_usa", ("US_PASSPORT",), True),
        ("pp_no", ("PASSPORT",), True),
        ("remote_addr", ("IP_ADDRESS",), True),
        ("hwaddr", ("MAC_ADDRESS",), True),
        ("user_email", ("EMAIL_ADDRESS",), True),
        ("screenName", ("USERNAME",), True),
        ("GITHUB_TOKEN", (), True),  # a secret's key: the secret detectors' business
        ("company_name", (), True),
        ("Geburtsdatum", ("DATE_OF_BIRTH",), True),
        ("âge", ("AGE",), True),
        ("name", ("PERSON",), False),  # a bare "name" only hints
        ("last_name", ("PERSON",), True),
    ],
)
def test_key_rows(key, types, alone):
    row = key_row(key)
    assert row is not None and (row.types, row.alone) == (types, alone)


def test_unknown_key_names_nothing():
    assert key_row("status") is None and key_row("order_total") is None


@pytest.mark.parametrize(
    ("entity_type", "value", "expected"),
    [
        ("US_SSN", "843413320", True),
        ("US_SSN", "000-12-3456", False),  # the validator's answer, not the key's
        ("PERSON", "Fowler, Danielle", True),
        ("PERSON", "Murilo da Luz", True),
        ("PERSON", "I'm Sarah.", False),
        ("PERSON", "active", False),
        ("PASSWORD", "Dragon2024#", True),
        ("PASSWORD", "********", False),
        ("PASSWORD", "<your password>", False),
        ("PASSWORD", "os.environ", False),
        ("PASSWORD", "bin(password)[2:]", False),
        ("PASSWORD", "attacker_password", False),
        ("URL", "https://www.linkedin.com/in/jerry-flores-d43e84", True),
        ("URL", "https://jsonplaceholder.typicode.com/todos/1", False),  # a URL, but nobody's
        ("EMAIL_ADDRESS", "someone@example.com", False),  # documentation domain
        ("STREET_ADDRESS", "0x2a8b64012d5e1b2e8bf4d3f07e1eb0c5c1ab5fe2", False),
        ("BANK_ACCOUNT", "15-43-93 26335216", True),
        ("VEHICLE_ID", "X-BE 246", True),
        ("VEHICLE_ID", "completed", False),
    ],
)
def test_value_shapes(entity_type, value, expected):
    assert fits(entity_type, value) is expected


DETECTIONS = [
    (
        "```yaml\nsoc_sec: 843413320\npassport: 722099506\nKonto: 09081383\n```",
        [
            ("US_SSN", "843413320", "field"),
            ("PASSPORT", "722099506", "field"),
            ("BANK_ACCOUNT", "09081383", "field"),
        ],
    ),
    # the header names the column however far down the row is
    (
        "| mailing | handle | dl_number |\n|---|---|---|\n| 23019 Rios Street | sayala | 49527317 |",
        [
            ("STREET_ADDRESS", "23019 Rios Street", "field"),
            ("USERNAME", "sayala", "field"),
            ("US_DRIVER_LICENSE", "49527317", "field"),
        ],
    ),
    # "address" with a wallet under it: the shape picks the type
    (
        '{"deposit_addr": "0x52908400098527886E0F7030069857D2E4169EE7"}',
        [("CRYPTO", "0x52908400098527886E0F7030069857D2E4169EE7", "field")],
    ),
    # a key that only hints reports as a hint (combine keeps it only where the model agrees)
    ("name: Ana Ruiz", [("PERSON", "Ana Ruiz", HINT_DETECTOR)]),
    # a value the key's type does not fit, an ambiguous tax number, a placeholder: nothing
    ("ssn: unknown\npassword: ********\nurl: https://example.com/docs", []),
]


@pytest.mark.parametrize(("text", "expected"), DETECTIONS)
def test_field_detector(text, expected):
    found = FieldDetector().detect(text, CTX)
    assert [(f.type, text[f.start : f.end], f.detector) for f in found] == expected
    assert all(f.explanation.startswith("key ") for f in found)


def _model(type_, text, value, score=0.9):
    start = text.index(value)
    return Finding("pii", type_, score, start, start + len(value), "model")


def _field(type_, text, value, detector="field"):
    start = text.index(value)
    return Finding("pii", type_, 0.85, start, start + len(value), detector, f'key "{type_}"')


def _found(findings, text):
    return [(f.type, text[f.start : f.end], f.detector) for f in findings]


def test_a_field_retypes_the_models_reading_of_its_value():
    text = "soc_sec: 843413320"
    out = combine([_model("FR_NIR", text, "843413320", 0.53)], [_field("US_SSN", text, "843413320")], text)
    assert _found(out, text) == [("US_SSN", "843413320", "field")]


def test_a_field_confirms_and_spans_the_models_pieces():
    text = "customer: Lewis, Sarah"
    model = [_model("PERSON", text, "Lewis"), _model("PERSON", text, "Sarah")]
    out = combine(model, [_field("PERSON", text, "Lewis, Sarah")], text)
    assert _found(out, text) == [("PERSON", "Lewis, Sarah", "model+field")]


def test_a_hint_needs_the_model():
    text = "name: Copy Email Replies"
    assert combine([], [_field("PERSON", text, "Copy Email Replies", HINT_DETECTOR)], text) == []
    out = combine(
        [_model("PERSON", text, "Copy Email")],
        [_field("PERSON", text, "Copy Email Replies", HINT_DETECTOR)],
        text,
    )
    assert _found(out, text) == [("PERSON", "Copy Email Replies", f"model+{HINT_DETECTOR}")]


def test_a_field_decides_the_type_of_its_value():
    text = "| soc_sec |\n|---|\n| 097198763 |"
    phone = Finding("pii", "PHONE_NUMBER", 0.9, text.index("0971"), text.index("0971") + 9, "phonenumbers")
    out = combine([], [phone, _field("US_SSN", text, "097198763")], text)
    assert _found(out, text) == [("US_SSN", "097198763", "field")]
    # a checksum of another type passing too: the column header says which (combine rule 9)
    tfn = Finding("pii", "AU_TFN", 0.95, phone.start, phone.end, "checksum:tfn")
    out = combine([], [tfn, _field("US_SSN", text, "097198763")], text)
    assert _found(out, text) == [("US_SSN", "097198763", "field")]


def test_a_field_ends_a_shape_that_runs_past_its_cell():
    text = "url,nie\nhttps://crm.acme.io/c?email=ana%40x.io,X6914026-L"
    url = "https://crm.acme.io/c?email=ana%40x.io"
    regex = Finding("pii", "URL", 0.85, text.index(url), len(text), "regex:url-personal")
    out = combine([], [regex, _field("URL", text, url)], text)
    assert _found(out, text)[0] == ("URL", url, "regex:url-personal+field")


def test_a_key_over_a_secret_is_the_secrets():
    text = 'GITHUB_ACCOUNT = "ghp_1LxybO131iam7l4bbC31wZdRDOtcTL8RMTh3"'
    value = "ghp_1LxybO131iam7l4bbC31wZdRDOtcTL8RMTh3"
    secret = Finding("leakage", "GITHUB_TOKEN", 0.9, text.index(value), len(text) - 1, "gitleaks:github-pat")
    out = combine([], [secret, _field("USERNAME", text, value)], text)
    assert _found(out, text) == [("GITHUB_TOKEN", value, "gitleaks:github-pat")]


def test_default_detectors_read_a_csv_column_end_to_end():
    text = "payment_card,ssn_number,patient_age\n3756-103931-89538,867 28 4021,41"
    found = _found(combine([], run_detectors(text, CTX, default_detectors()), text), text)
    assert ("US_SSN", "867 28 4021", "checksum:ssn+field") in found or (
        "US_SSN",
        "867 28 4021",
        "field+checksum:ssn",
    ) in found
    assert ("AGE", "41", "field") in found


@pytest.mark.parametrize(
    "text",
    [
        "| a |\n" + "|---|\n" * 16_000,  # every line a rule row: was read once per rule row (quadratic)
        "| name |\n|---|\n" + "| Ana |\n" * 16_000,
        "a: " + " " * 100_000 + "x",
        ("name,ssn,city\n" + "Ana,123-45-6789,Porto\n" * 5) * 3_000,
        '"' * 100_000,
    ],
    ids=["rule-rows", "table-rows", "spaces", "csv", "quotes"],
)
def test_records_at_the_size_limit_are_read_in_one_pass(text):
    # Inputs at the server's 100k-character limit that a quadratic reading would take minutes over.
    found = FieldDetector().detect(text, CTX)
    assert all(0 <= f.start < f.end <= len(text) for f in found)


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("A password like `Summer2024!` looks complex but is easy to guess.", True),
        ("Avoid passwords such as Summer2024! that follow a season and a year.", True),
        ("Weak ones, e.g. Summer2024!, fall in seconds.", True),
        ("Your temporary password is Summer2024! and expires tomorrow.", False),
        ("password: Summer2024!", False),
    ],
)
def test_a_password_named_as_an_example_in_advice_is_demoted(text, example):
    start = text.index("Summer2024!")
    model = Finding("pii", "PASSWORD", 0.88, start, start + len("Summer2024!"), "model")
    (finding,) = combine([model], [], text)
    assert (finding.score < model.score) == example
    assert ("an example named in advice" in finding.explanation) == example


@pytest.mark.parametrize(
    ("text", "entity_type", "value"),
    [
        ("Write to an address like jane.doe@gmail.com for help.", "EMAIL_ADDRESS", "jane.doe@gmail.com"),
        ("Send it to a colleague such as Maria Lopez today.", "PERSON", "Maria Lopez"),
    ],
)
def test_a_type_without_an_example_check_keeps_a_value_named_as_an_example(text, entity_type, value):
    # Only a record's `example` check demotes a value "like" or "such as": the PASSWORD record has one.
    start = text.index(value)
    model = Finding("pii", entity_type, 0.88, start, start + len(value), "model")
    (finding,) = [f for f in combine([model], [], text) if f.type == entity_type]
    assert finding.score == model.score
    assert "example" not in (finding.explanation or "")
