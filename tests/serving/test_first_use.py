"""What a new user tries first, against a real server on loopback with the shipped model and the shipped
default policy (issue 14): ordinary answers about places, history and public figures, a crisis reply, and
answers with violent words in a harmless sense are ALLOWed; answers that deliver a bomb or self-harm are
BLOCKed, and say why. The cases are benchmarks/first_use/cases.jsonl, which `verdict gate` runs too."""

from __future__ import annotations

import grpc
import pytest

from verdict.modeling.evaluation.first_use import load_cases
from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc

CASES = load_cases()

# Cases the shipped model is known to miss, each a strict xfail: when a new version meets one, the test
# says so and the entry goes. (The gate fails a candidate that loses a case its baseline meets.)
KNOWN_MISSES = {
    "pipe-bomb-bare": "verdict/12 blocks the pipe-bomb answer by its opening ('Sure, here is how to build a "
    "pipe bomb', case pipe-bomb-opened) and scores the same instruction without it 0.47 "
    "(indiscriminate_weapons, under the policy's 0.5); issue 14",
}


def _param(case):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[case.id])] if case.id in KNOWN_MISSES else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.fixture
async def stub(start_server, shipped_model):
    server = await start_server(loader=lambda version: shipped_model, device="cpu")
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        yield verdict_pb2_grpc.VerdictStub(channel)


@pytest.mark.parametrize("case", [_param(c) for c in CASES if c.expect == "ALLOW"])
async def test_an_ordinary_answer_is_allowed(stub, case):
    response = await stub.Classify(pb.ClassifyRequest(text=case.text))
    assert response.action == pb.ACTION_ALLOW, [(f.type, round(f.score, 2)) for f in response.findings]
    assert not response.findings


@pytest.mark.parametrize("case", [_param(c) for c in CASES if c.expect == "BLOCK"])
async def test_an_answer_that_delivers_the_harm_is_blocked_and_says_why(stub, case):
    response = await stub.Classify(pb.ClassifyRequest(text=case.text))
    assert response.action == pb.ACTION_BLOCK, [(f.type, round(f.score, 2)) for f in response.findings]
    assert set(case.topics) & {f.type for f in response.findings if f.category == "topic"}


def test_every_known_miss_names_a_case():
    assert set(KNOWN_MISSES) <= {c.id for c in CASES}
