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
KNOWN_MISSES: dict[str, str] = {}
# Cases whose score sits at the policy's cut, where the host's arithmetic decides whether they are met: a
# non-strict xfail, since CI hosts differ (AVX2 only or AVX-512 VNNI) and a strict one would fail on the host
# where the case happens to pass.
AT_THE_CUT = {
    "recycling": "verdict/13 scores the blog-post ideas on recycling plastic near the 0.5 cut "
    "(non_violent_crimes): 0.44 with int8 on an AVX-512 VNNI host, 0.48 with fp16 (2026-12-07; verdict/12 "
    "0.35), so an AVX2-only host may FLAG it; issue 14",
}


def _param(case):
    marks = []
    if case.id in KNOWN_MISSES:
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[case.id])]
    elif case.id in AT_THE_CUT:
        marks = [pytest.mark.xfail(strict=False, reason=AT_THE_CUT[case.id])]
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
    assert set(KNOWN_MISSES) | set(AT_THE_CUT) <= {c.id for c in CASES}
    assert not set(KNOWN_MISSES) & set(AT_THE_CUT)
