"""ClassifyStream: nothing is released unchecked; values split across chunks are caught."""

from __future__ import annotations

import random

import grpc
import pytest

from benchmarks.stream.bench import CountingBackend
from verdict.runtime.taxonomy import ENTITY_BY_NAME
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc
from verdict.serving.server import Loaded
from verdict.serving.stream import REGION_CHARS

FILLER = "The quarterly report shows steady growth across all regions and segments. " * 2  # 150 chars


def config(**kw) -> pb.StreamRequest:
    return pb.StreamRequest(config=pb.StreamConfig(**kw))


def chunks(*texts: str) -> list[pb.StreamRequest]:
    return [pb.StreamRequest(chunk=t) for t in texts]


async def run(stub, requests) -> list[pb.StreamResponse]:
    return [r async for r in stub.ClassifyStream(iter(requests))]


# (value, how the shipped default policy releases it: None = BLOCK, the stream ends before it)
SPLIT_VALUES = [
    ("4111 1111 1111 1111", "***************1111"),  # CREDIT_CARD: keep_last 4
    ("alice.smith@example.com", "<EMAIL_ADDRESS>"),  # EMAIL_ADDRESS: replace
    ("AKIAZ3MGNBVXQK4PLW7T", None),  # AWS_ACCESS_KEY: a leakage type, blocked
]


@pytest.mark.parametrize(("secret", "released_as"), SPLIT_VALUES, ids=["card", "email", "aws-key"])
async def test_value_split_at_every_position_is_never_released_in_clear(stub, secret, released_as):
    head, tail = FILLER + "value: ", " is here. " + FILLER
    text = head + secret + tail
    for cut in range(1, len(secret)):
        responses = await run(
            stub, [config(request_id=f"s{cut}"), *chunks(head + secret[:cut], secret[cut:] + tail)]
        )
        released = "".join(r.released_text for r in responses)
        assert secret not in released, cut
        assert responses[-1].final and all(r.request_id == f"s{cut}" for r in responses)
        found = {(f.type, text[f.start : f.end]) for r in responses for f in r.findings}
        assert secret in {value for _, value in found}, cut  # offsets on the whole stream
        # exact: no character of the value is released other than what the policy's operator keeps
        if released_as is None:
            assert (
                responses[-1].action == pb.ACTION_BLOCK
                and text.startswith(released)
                and len(released) <= len(head)
            ), cut
        else:
            assert responses[-1].action == pb.ACTION_REDACT and released == head + released_as + tail, cut


async def test_stream_uses_the_tenant_policy_operators(start_server, tmp_path):
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "acme.yaml").write_text(
        'version: "1"\nlabels:\n  EMAIL_ADDRESS: {action: redact, operator: {type: mask, char: "#"}}\n'
    )
    server = await start_server(policy_dir=policies)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        from verdict.serving._proto import verdict_pb2_grpc

        responses = await run(
            verdict_pb2_grpc.VerdictStub(ch),
            [config(tenant="acme"), *chunks(FILLER + "mail bob@exa", "mple.com now " + FILLER)],
        )
    released = "".join(r.released_text for r in responses)
    assert "bob@example.com" not in released and "#" * len("bob@example.com") in released
    assert responses[-1].policy_version.startswith("1+")


async def test_releases_are_contiguous_and_hold_back_the_tail(stub):
    pieces = [FILLER[i : i + 40] for i in range(0, len(FILLER), 40)] * 3
    responses = await run(stub, [config(holdback_chars=32), *chunks(*pieces)])
    position = 0
    for r in responses:
        assert r.released_start == position
        position = r.released_end
        if not r.final:
            assert r.released_end <= sum(len(p) for p in pieces) - 32 or r.final
    assert position == sum(len(p) for p in pieces)
    assert "".join(r.released_text for r in responses) == "".join(pieces)
    assert len(responses) > 2  # text was released incrementally, not only at the end


async def test_block_ends_the_stream(stub):
    responses = await run(
        stub, [config(), *chunks(FILLER, "and then we kill everyone " + FILLER, FILLER, FILLER)]
    )
    assert responses[-1].final and responses[-1].action == pb.ACTION_BLOCK
    assert responses[-1].released_text == ""
    assert "kill" not in "".join(r.released_text for r in responses)


async def test_short_stream_is_released_at_the_end(stub):
    responses = await run(stub, [config(), *chunks("hello ", "world")])
    assert len(responses) == 1 and responses[0].final
    assert responses[0].released_text == "hello world"


async def test_first_message_must_be_config(stub):
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await run(stub, chunks("no config"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "config" in err.value.details()


@pytest.mark.parametrize(
    ("holdback", "named"), [(10**6, "max_holdback_chars"), (16, "min_holdback_chars"), (31, "32")]
)
async def test_holdback_limits(stub, holdback, named):
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await run(stub, [config(holdback_chars=holdback)])
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "holdback_chars" in err.value.details() and named in err.value.details()


# -- the shipped model: cost against chunk count, and the final verdict against Classify ----------------


@pytest.fixture(scope="module")
def shipped(shipped_model):
    """The shipped model with a backend that counts the windows it runs: (loaded, counting backend)."""
    counting = CountingBackend(shipped_model.backend)
    return Loaded(shipped_model.version, shipped_model.analyzer, counting, shipped_model.manifest), counting


@pytest.fixture
async def real_stub(start_server, shipped):
    loaded, _ = shipped
    server = await start_server(loader=lambda version: loaded, device="cpu")
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        yield verdict_pb2_grpc.VerdictStub(ch)


PROSE = (
    "Thanks for waiting. The quarterly review covered the new onboarding flow, the support backlog and "
    "the plan for the spring release. Most teams hit their targets; the mobile team slipped a week. "
)


async def test_window_count_grows_with_length_not_chunks(real_stub, shipped):
    _, counting = shipped
    text = (PROSE * 12)[:2000]
    windows = {}
    for name, pieces in (
        ("one", [text]),
        ("chars", list(text)),
        ("tens", [text[i : i + 10] for i in range(0, 2000, 10)]),
    ):
        before = counting.windows
        responses = await run(real_stub, [config(), *chunks(*pieces)])
        assert "".join(r.released_text for r in responses) == text
        windows[name] = counting.windows - before
    steps = -(-len(text) // 96)  # a step per holdback (96, the default) characters of new text
    # Each step runs at most the tail window plus the windows completed since the last step, so the
    # count is bounded by the text's own windows plus one per step: O(length / stride), not O(chunks).
    assert windows["chars"] <= windows["one"] + steps + 2, windows
    assert windows["tens"] <= windows["one"] + steps + 2, windows
    assert windows["chars"] < len(text) / 50, windows  # before: one window per chunk past the holdback


EQUIVALENCE_TEXTS = [
    PROSE + "Mail the invoice to alice.smith@acme-mail.com by Friday. " + PROSE,
    "Your card 4111 1111 1111 1111 was charged twice; the refund goes to IBAN DE89 3704 0044 0532 0130 00. "
    + PROSE * 3,
    PROSE * 4 + "Call me on +44 20 7946 0958 after six, or write to bob@fastmail.com. " + PROSE,
    PROSE * 2 + "Here is the key: AKIAZ3MGNBVXQK4PLW7T",  # BLOCK: the stream ends where the key is whole
    PROSE * 9,  # ~1,700 characters: several windows, the tail completed over many steps
]


def _chunkings(text: str) -> dict[str, list[str]]:
    rng = random.Random(len(text))
    cuts, at = [], 0
    while at < len(text):
        at += rng.randint(1, 40)
        cuts.append(min(at, len(text)))
    return {
        "whole": [text],
        "chars": list(text),
        "random": [text[a:b] for a, b in zip([0, *cuts], cuts)],
    }


@pytest.mark.parametrize("index", range(len(EQUIVALENCE_TEXTS)))
async def test_final_verdict_equals_classify_of_the_whole_text(real_stub, index):
    text = EQUIVALENCE_TEXTS[index]
    unary = await real_stub.Classify(pb.ClassifyRequest(text=text))
    expected = {(f.category, f.type, f.start, f.end) for f in unary.findings}
    assert (
        index == len(EQUIVALENCE_TEXTS) - 1 or expected
    )  # the values are found, so splitting them is tested
    for name, pieces in _chunkings(text).items():
        responses = await run(real_stub, [config(request_id=name), *chunks(*pieces)])
        found = [(f.category, f.type, f.start, f.end) for r in responses for f in r.findings]
        released = "".join(r.released_text for r in responses)
        assert responses[-1].final and responses[-1].action == unary.enforced_action, name
        if unary.enforced_action == pb.ACTION_BLOCK:  # ended early: the value that blocks, none of it out
            blocking = {k for k in expected if k[0] == "leakage" and k[1] in ENTITY_BY_NAME}
            assert blocking and blocking <= set(found) and text.startswith(released), name
            assert all(len(released) <= start for _, _, start, _ in blocking), name
            continue
        assert sorted(found) == sorted(expected), name  # each reported once, none that Classify lacks
        output = unary.redacted_text if unary.enforced_action == pb.ACTION_REDACT else text
        assert released == output, name


async def test_long_stream_analyzes_a_bounded_region(real_stub, shipped):
    """Past REGION_CHARS the stream analyzes from a later window on: the windows still cost O(length), a
    value split across chunks there is still caught whole, and the verdict still matches Classify's."""
    _, counting = shipped
    card = "4111 1111 1111 1111"
    text = PROSE * 110 + "Your card " + card + " was charged. " + PROSE * 3  # ~21,000 characters
    assert len(text) > REGION_CHARS
    at = text.index(card) + 7
    pieces = [text[i : min(i + 150, at)] for i in range(0, at, 150)] + [text[at:]]
    unary = await real_stub.Classify(pb.ClassifyRequest(text=text))
    before = counting.windows
    responses = await run(real_stub, [config(), *chunks(*pieces)])
    windows = counting.windows - before
    released = "".join(r.released_text for r in responses)
    assert card not in released and released == unary.redacted_text
    assert responses[-1].action == unary.enforced_action == pb.ACTION_REDACT
    found = {(f.type, f.start, f.end) for r in responses for f in r.findings}
    assert ("CREDIT_CARD", text.index(card), text.index(card) + len(card)) in found
    whole = -(-len(text) // 300) + 2  # windows of the text itself, ~94 new tokens (> 300 characters) each
    assert windows <= whole + len(pieces) + 2, windows  # one tail window per step at most


# -- a released piece is decided with the findings of everything that has arrived (issue 16) -------------

NAME_TEXT = (  # the name and the address 216 characters apart, within IDENTIFYING_WINDOW
    "Please email John Smith" + " about the review." * 12 + " at john.smith@gmail.com" + " Thanks." * 12
)


async def test_a_name_is_redacted_when_its_identifier_arrives_in_a_later_release(real_stub):
    head = "Please email John Smith"
    rest = NAME_TEXT[len(head) :]
    unary = await real_stub.Classify(pb.ClassifyRequest(text=NAME_TEXT))
    assert unary.enforced_action == pb.ACTION_REDACT and "John Smith" not in unary.redacted_text
    pieces = [head, *(rest[i : i + 30] for i in range(0, len(rest), 30))]
    responses = await run(real_stub, [config(holdback_chars=32), *chunks(*pieces)])
    released = "".join(r.released_text for r in responses)
    assert "John Smith" not in released and released == unary.redacted_text
    name_at = NAME_TEXT.index("John Smith")
    address_end = NAME_TEXT.index("john.smith@gmail.com") + len("john.smith@gmail.com")
    holding = next(r for r in responses if r.released_start <= name_at < r.released_end)
    # released before the stream ends, once the address that makes it count can no longer change
    assert not holding.final and holding.released_end >= address_end


async def test_a_name_far_from_any_identifier_is_released_as_classify_releases_it(real_stub):
    text = "John Smith wrote the review." + " The plan holds." * 30 + " Mail bob@example.org now."
    unary = await real_stub.Classify(pb.ClassifyRequest(text=text))
    pieces = [text[i : i + 25] for i in range(0, len(text), 25)]
    responses = await run(real_stub, [config(holdback_chars=32), *chunks(*pieces)])
    output = unary.redacted_text if unary.enforced_action == pb.ACTION_REDACT else text
    assert "".join(r.released_text for r in responses) == output
    assert "John Smith" in output  # more than IDENTIFYING_WINDOW away: a name alone is nobody's data


RELEASE_TEXTS = [
    NAME_TEXT,
    PROSE + "Ask Peter Jones (peter.jones@example.org) for the slides. " + PROSE,
    "Dear David Miller, " + PROSE * 2 + "Best regards, reach me at david.miller@outlook.com",
    PROSE * 3,
]


# On the prefix that ends at "peter.jones@example.org" (the closing parenthesis not yet streamed), an address
# at the very end is not judged a documentation address (its domain may go on), so that prefix's analysis
# redacts it and, as its contact, "Peter Jones"; Classify on the whole text allows both. The stream holds a
# name that counts only through identifiers in the unsettled tail (StreamSession._hold), so it releases
# Classify's text.
RELEASE_CASES = range(len(RELEASE_TEXTS))


@pytest.mark.parametrize("index", RELEASE_CASES)
async def test_released_text_equals_classify_redacted_text(real_stub, index):
    text = RELEASE_TEXTS[index]
    unary = await real_stub.Classify(pb.ClassifyRequest(text=text))
    output = unary.redacted_text if unary.enforced_action == pb.ACTION_REDACT else text
    for name, pieces in _chunkings(text).items():
        for holdback in (32, 96):
            responses = await run(real_stub, [config(holdback_chars=holdback), *chunks(*pieces)])
            released = "".join(r.released_text for r in responses)
            found = [(f.type, f.start, f.end) for r in responses for f in r.findings]
            assert responses[-1].action == unary.enforced_action, (name, holdback, found)
            assert released == output, (name, holdback)


# A name beside the address that spells it, and the prefix analyses a stream decides on: verdict/8 reads
# the surname as an EMAIL_ADDRESS on some prefixes (a span without an address's form), which hid the name
# from the contact rule there, so a stream released "<PERSON> Jones" or the whole name where Classify
# redacts it. The last two: a name, then a capitalized sentence start that is no surname, released at the
# latest when the stream ends. (text, words Classify redacts, words it releases)
CONTACT_NAMES = [
    (
        "Contact Maria Gonzalez at maria.gonzalez@example-mail.com about the lease. ",
        "Maria Gonzalez",
        "about the lease",
    ),
    (
        "Contact Maria Gonzalez (maria.gonzalez@gmail.com) for the slides. ",
        "Maria Gonzalez",
        "for the slides",
    ),
    ("Ask Daniel Okafor (d.okafor@fastmail.com) about the budget. ", "Daniel Okafor", "about the budget"),
    (
        "I spoke with Peter. Monday works for the review, write to peter@acme-mail.com. ",
        "Peter",
        "Monday works",
    ),
    pytest.param(
        "Ask Peter. Jones Street is closed; mail peter@acme-mail.com when you arrive. ",
        "Peter",
        "Jones Street",
        # verdict/11 finds no name at "Peter." on the prefixes that end between "Jones Street is" and the
        # address (every step the random chunking runs before the address lands there), so nothing holds it
        # and a 32-character holdback releases it in clear; Classify of the whole text redacts it. Names a
        # step did find are remembered and held (StreamSession._hold); one no step found cannot be.
        marks=pytest.mark.xfail(reason="the model misses the name on every prefix a step analyzes; issue 14"),
    ),
]


@pytest.mark.parametrize(("sentence", "redacted", "released"), CONTACT_NAMES)
async def test_a_name_beside_its_address_is_released_as_classify_releases_it(
    real_stub, sentence, redacted, released
):
    text = PROSE + sentence + PROSE
    unary = await real_stub.Classify(pb.ClassifyRequest(text=text))
    assert unary.enforced_action == pb.ACTION_REDACT
    assert redacted not in unary.redacted_text and released in unary.redacted_text
    for name, pieces in _chunkings(text).items():
        for holdback in (32, 96):
            responses = await run(real_stub, [config(holdback_chars=holdback), *chunks(*pieces)])
            assert "".join(r.released_text for r in responses) == unary.redacted_text, (name, holdback)


async def test_a_value_the_model_finds_only_in_a_prefix_errs_toward_redaction(real_stub):
    """A stream releasing early decides on a prefix, where the model may find a name that it misses in the
    whole text (verdict/7 found "Maria Garcia" in this text's first ~60 characters only), so a stream may
    redact a name Classify lets out. Released text cannot be recalled; the difference is always more
    redaction, never less. (verdict/8 with the contact-name rule redacts it in both.)"""
    contact = "Contact Maria Garcia in Madrid, phone +34 612 345 678, about the lease. "
    text = contact + PROSE * 2
    unary = await real_stub.Classify(pb.ClassifyRequest(text=text))
    prefix = await real_stub.Classify(pb.ClassifyRequest(text=contact))
    assert unary.enforced_action == pb.ACTION_REDACT
    assert "Maria Garcia" not in prefix.redacted_text
    early = unary.redacted_text.replace("Maria Garcia", "<PERSON>", 1)
    for holdback in (32, 96):
        for name, pieces in _chunkings(text).items():
            responses = await run(real_stub, [config(holdback_chars=holdback), *chunks(*pieces)])
            released = "".join(r.released_text for r in responses)
            assert released in (unary.redacted_text, early), (name, holdback)
