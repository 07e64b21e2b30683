"""What a chat client does against a proxy: POST a chat completion, read the answer as it arrives."""

from __future__ import annotations

import http.client
import json
import time
from dataclasses import dataclass

CARD = "4111 1111 1111 1111"  # Luhn-valid: every policy here redacts or blocks it
ORDINARY = "Water boils at one hundred degrees at sea level."


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    arrivals: list[tuple[float, bytes]]  # (seconds after the request, bytes read) as the client got them

    def json(self) -> dict:
        return json.loads(self.body)


def chat(
    port: int, answer: str, *, stream: bool = False, metadata: dict | None = None, **headers: str
) -> Reply:
    """POST a chat completion to a proxy on `port`; the mock upstream answers `answer`."""
    request = {"model": "mock-gpt", "stream": stream, "messages": [{"role": "user", "content": answer}]}
    body = json.dumps(request | ({"metadata": metadata} if metadata else {}))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.monotonic()
    connection.request(
        "POST",
        "/v1/chat/completions",
        body=body,
        headers={"content-type": "application/json", **{k.replace("_", "-"): v for k, v in headers.items()}},
    )
    response = connection.getresponse()
    arrivals = []
    while data := response.read1(65536):
        arrivals.append((time.monotonic() - started, data))
    connection.close()
    return Reply(
        response.status,
        {k.lower(): v for k, v in response.getheaders()},
        b"".join(d for _, d in arrivals),
        arrivals,
    )


def content(reply: Reply) -> str:
    return reply.json()["choices"][0]["message"]["content"]


def events(reply: Reply) -> list[dict | str]:
    """The SSE events' data, JSON decoded ([DONE] as the string)."""
    out = []
    for block in reply.body.decode().split("\n\n"):
        data = "".join(line[len("data: ") :] for line in block.splitlines() if line.startswith("data: "))
        if data:
            out.append(data if data == "[DONE]" else json.loads(data))
    return out


def streamed_text(reply: Reply) -> str:
    return "".join(
        (e["choices"][0]["delta"].get("content") or "")
        for e in events(reply)
        if isinstance(e, dict) and e.get("choices")
    )
