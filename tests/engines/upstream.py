"""A small OpenAI-compatible upstream for the engine tests: it answers what it is told to answer.

    python -m tests.engines.upstream --port 0      # prints "upstream listening on 127.0.0.1:<port>"

POST /v1/chat/completions answers with the last user message's content as the assistant's reply, so each
test chooses the model output it needs. With `"stream": true` the reply goes out as server-sent events in
pieces of `--piece-chars` characters, `--gap-ms` apart (so a value is split across events and the proxy
sees them arrive one by one), then `data: [DONE]`. GET /v1/models lists one model.
"""

from __future__ import annotations

import argparse
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = "mock-gpt"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    piece_chars = 4
    gap_s = 0.02

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._json(
                200, {"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": "test"}]}
            )
        else:
            self._json(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._json(404, {"error": {"message": f"no route {self.path}"}})
            return
        users = [m.get("content") or "" for m in request.get("messages", []) if m.get("role") == "user"]
        reply = users[-1] if users else ""
        if request.get("stream"):
            self._stream(reply)
        else:
            self._json(
                200,
                {
                    "id": "chatcmpl-mock",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": MODEL,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": reply},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                },
            )

    def _stream(self, reply: str) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        pieces = [reply[i : i + self.piece_chars] for i in range(0, len(reply), self.piece_chars)]
        self._event({"role": "assistant", "content": ""}, None)
        for piece in pieces:
            time.sleep(self.gap_s)
            self._event({"content": piece}, None)
        self._event({}, "stop")
        self._chunk(b"data: [DONE]\n\n")
        self._chunk(b"")

    def _event(self, delta: dict, finish_reason: str | None) -> None:
        chunk = {
            "id": "chatcmpl-mock",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": MODEL,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
        }
        self._chunk(b"data: " + json.dumps(chunk).encode() + b"\n\n")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _json(self, status: int, document: dict) -> None:
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--piece-chars", type=int, default=Handler.piece_chars)
    p.add_argument("--gap-ms", type=float, default=Handler.gap_s * 1000)
    a = p.parse_args()
    Handler.piece_chars, Handler.gap_s = a.piece_chars, a.gap_ms / 1000
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    print(f"upstream listening on 127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
