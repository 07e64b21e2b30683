"""An Envoy External Processing server that enforces verdicts on the upstream LLM's response body.

    python -m verdict.serving.ext_proc --verdict-address verdict:50051 --port 50052

Envoy streams one `ProcessingRequest` per phase of an HTTP call (envoy.service.ext_proc.v3). With the
processing mode this server expects (see deploy/envoy/envoy.yaml):

    processing_mode: {request_header_mode: SEND, response_header_mode: SEND,
                      request_body_mode: NONE, response_body_mode: BUFFERED}

    request_headers   capture x-verdict-tenant, x-verdict-route, x-api-key, x-request-id; drop
                      accept-encoding so the upstream answers in clear text; CONTINUE
    response_headers  capture content-type / content-encoding; CONTINUE (Envoy then buffers the body);
                      a streamed completion (text/event-stream) switches the body to STREAMED instead
                      (mode_override; Envoy needs allow_mode_override) and drops content-length
    response_body     classify, then:
        ALLOW  CONTINUE
        FLAG   CONTINUE + header x-verdict-action: FLAG
        REDACT body_mutation (OpenAI chat completion JSON: each choices[].message.content replaced by its
               redacted text; any other body: replaced whole) + x-verdict-action: REDACT
        BLOCK  immediate_response, status 403 (--block-status), JSON error naming the categories only
    verdict unreachable or failing: fail closed (immediate 503, --unavailable-status) or, with
    --fail-open, CONTINUE + x-verdict-action: UNCHECKED; both logged with the request id, never text.
    streamed body     each piece is replaced by the text verdict has released so far (ClassifyStream,
                      holdback; verdict.serving.sse). The status line has gone out by then, so BLOCK
                      and fail-closed end the stream with an SSE event {"error": ...} (the same JSON
                      as the 403/503 bodies) and release nothing more; fail-open releases the rest
                      unchecked.

The classification seam is `Checker`: `RemoteChecker` calls a verdict server through
verdict.serving.client.AsyncVerdictClient (forwarding the caller's x-api-key), `EngineChecker` calls an
in-process verdict.serving.engine.Engine.

Modules: `settings` (ExtProcSettings and its flags), `checkers` (the seam and both checkers), `body`
(texts out of a buffered body and redacted texts back in), `messages` (Envoy messages and the JSON
error bodies), `processor` (the servicer: phases -> checker -> responses), `server` (gRPC server, CLI).
"""

from verdict.serving.ext_proc.body import Body, parse_body
from verdict.serving.ext_proc.checkers import Checker, Decision, EngineChecker, Origin, RemoteChecker
from verdict.serving.ext_proc.messages import REQUEST_ID_HEADER
from verdict.serving.ext_proc.processor import ExternalProcessor
from verdict.serving.ext_proc.server import SERVICE_NAME, ExtProcServer, main, run, serve
from verdict.serving.ext_proc.settings import ExtProcSettings, add_arguments, parse_args, settings_of

__all__ = [
    "REQUEST_ID_HEADER",
    "SERVICE_NAME",
    "Body",
    "Checker",
    "Decision",
    "EngineChecker",
    "ExtProcServer",
    "ExtProcSettings",
    "ExternalProcessor",
    "Origin",
    "RemoteChecker",
    "add_arguments",
    "main",
    "parse_args",
    "parse_body",
    "run",
    "serve",
    "settings_of",
]
