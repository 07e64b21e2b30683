"""verdict.serving.sse: a streamed completion's pieces in, only released text out (a fake verdict stream)."""

from __future__ import annotations

import json

import pytest

from verdict.governance.policy.actions import Action
from verdict.serving.sse import Release, StreamBlocked, StreamedCompletion, event


def _chunk(content: str | None = None, *, finish: str | None = None, index: int = 0) -> bytes:
    delta = {} if content is None else {"content": content}
    return event(
        {
            "object": "chat.completion.chunk",
            "choices": [{"index": index, "delta": delta, "finish_reason": finish}],
        }
    )


def _texts(out: bytes) -> list[str]:
    found = []
    for block in out.decode().split("\n\n"):
        if block.startswith("data: {"):
            document = json.loads(block[6:])
            found += [c["delta"].get("content") or "" for c in document.get("choices", [])]
    return found


def releasing(block_on: str | None = None, fail: bool = False):
    """A verdict stream that releases each chunk upper-cased once the next one arrives (a holdback of one)."""

    async def check(chunks):
        held, end = None, 0
        async for chunk in chunks:
            if fail:
                raise ConnectionError("verdict down")
            if block_on and block_on in chunk:
                yield Release("", end, Action.BLOCK, ("pii",), ("CREDIT_CARD",))
                return
            if held is not None:
                end += len(held)
                yield Release(held.upper(), end, Action.REDACT)
            held = chunk
        if held is not None:
            yield Release(held.upper(), end + len(held), Action.REDACT)

    return check


async def test_text_is_released_only_after_verdict_released_it():
    stream = StreamedCompletion(releasing(), timeout_s=2)
    first = await stream.feed(_chunk("") + _chunk("ab"), end=False)
    assert _texts(first) == [""]  # the role chunk at once, "ab" withheld
    second = await stream.feed(_chunk("cd"), end=False)
    third = await stream.feed(_chunk(finish="stop") + b"data: [DONE]\n\n", end=True)
    released = _texts(second) + _texts(third)
    assert "".join(released) == "ABCD"
    assert third.endswith(b"data: [DONE]\n\n")


async def test_events_split_across_pieces_are_joined():
    whole = _chunk("hello") + _chunk(finish="stop")
    stream = StreamedCompletion(releasing(), timeout_s=2)
    out = await stream.feed(whole[:7], end=False) + await stream.feed(whole[7:], end=True)
    assert "".join(_texts(out)) == "HELLO"


async def test_block_raises_with_what_was_found():
    stream = StreamedCompletion(releasing(block_on="4111"), timeout_s=2)
    await stream.feed(_chunk("card "), end=False)
    with pytest.raises(StreamBlocked) as blocked:
        await stream.feed(_chunk("4111"), end=True)
    assert blocked.value.release.types == ("CREDIT_CARD",)


async def test_a_failed_verdict_stream_raises_and_unchecked_releases_the_rest():
    stream = StreamedCompletion(releasing(fail=True), timeout_s=2)
    with pytest.raises(ConnectionError):
        await stream.feed(_chunk("ab") + _chunk("cd") + _chunk(finish="stop"), end=True)
    assert "".join(_texts(stream.unchecked())) == "abcd"


@pytest.mark.parametrize(
    "piece",
    [_chunk("second choice", index=1), b'data: {"type": "content_block_delta", "delta": {"text": "x"}}\n\n'],
    ids=["n>1", "another API"],
)
async def test_what_cannot_be_read_is_not_passed_unchecked(piece):
    stream = StreamedCompletion(releasing(), timeout_s=2)
    with pytest.raises(ValueError):
        await stream.feed(piece, end=False)
    await stream.aclose()
