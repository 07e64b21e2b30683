"""Envoy ext_proc messages built and read in one place: headers, mutations, immediate responses, and the
JSON error bodies a refused or unchecked response carries."""

from __future__ import annotations

import json

from envoy.config.core.v3 import base_pb2
from envoy.service.ext_proc.v3 import external_processor_pb2 as ep
from envoy.type.v3 import http_status_pb2

from verdict.serving.ext_proc.checkers import Origin

REQUEST_ID_HEADER = "x-verdict-request-id"


def block_error(categories: list[str], types: list[str], origin: Origin) -> dict:
    return {
        "error": {
            "type": "verdict_blocked",
            "message": "The response was blocked by content policy.",
            "categories": categories,
            "types": types,
            "request_id": origin.request_id,
        }
    }


def unavailable_error(origin: Origin) -> dict:
    return {
        "error": {
            "type": "verdict_unavailable",
            "message": "The response could not be checked.",
            "request_id": origin.request_id,
        }
    }


def headers_of(message: ep.HttpHeaders) -> dict[str, str]:
    # Envoy sends raw_value (bytes) since 1.27, value before.
    return {
        h.key.lower(): (h.raw_value.decode("utf-8", errors="replace") if h.raw_value else h.value)
        for h in message.headers.headers
    }


def set_headers(*pairs: tuple[str, str]) -> ep.HeaderMutation:
    return ep.HeaderMutation(
        set_headers=[
            base_pb2.HeaderValueOption(
                header=base_pb2.HeaderValue(key=k, raw_value=v.encode("utf-8")),
                append_action=base_pb2.HeaderValueOption.OVERWRITE_IF_EXISTS_OR_ADD,
            )
            for k, v in pairs
        ]
    )


def immediate(status: int, error: dict, details: str, *headers: tuple[str, str]) -> ep.ProcessingResponse:
    return ep.ProcessingResponse(
        immediate_response=ep.ImmediateResponse(
            status=http_status_pb2.HttpStatus(code=status),
            body=json.dumps(error).encode("utf-8"),
            details=details,
            headers=set_headers(("content-type", "application/json"), *headers),
        )
    )


def passthrough(phase: str) -> ep.ProcessingResponse:
    """Phases this processor does not inspect (bodies and trailers it was not asked for) pass untouched."""
    reply = (
        ep.TrailersResponse()
        if phase.endswith("trailers")
        else ep.BodyResponse()
        if phase.endswith("body")
        else ep.HeadersResponse()
    )
    return ep.ProcessingResponse(**{phase: reply})
