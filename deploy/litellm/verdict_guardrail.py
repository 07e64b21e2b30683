"""A LiteLLM proxy guardrail that enforces verdict on every model response (mode: post_call).

    guardrails:
      - guardrail_name: verdict
        litellm_params:
          guardrail: verdict_guardrail.VerdictGuardrail
          mode: post_call
          api_base: verdict:50051            # the verdict gRPC address (or VERDICT_ADDRESS)
          api_key: os.environ/VERDICT_API_KEY

Complete responses (`async_post_call_success_hook`): each choice's message content is classified with
Classify. BLOCK raises litellm's GuardrailRaisedException (status 403, categories named, no text);
REDACT replaces the content; FLAG (and every action) is recorded in the request's metadata and as the
`x-verdict-action` response header. Streams (`async_post_call_streaming_iterator_hook`): the deltas
go through ClassifyStream and only text verdict has released (already redacted) reaches the client; a
BLOCK ends the stream with the exception. Verdict unavailable: fail closed (503) unless `fail_open`.

litellm is imported when present; without it a minimal stand-in base keeps the module importable.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import os
from collections.abc import AsyncIterator
from typing import Any

from verdict.governance.policy.actions import ACTION_HEADER, BLOCK_STATUS, UNCHECKED, Action, strongest
from verdict.serving.client import AsyncVerdictClient, ClassifyResult

log = logging.getLogger("verdict.litellm")

try:
    from litellm.exceptions import GuardrailRaisedException
    from litellm.integrations.custom_guardrail import CustomGuardrail
    from litellm.types.guardrails import GuardrailEventHooks

    _POST_CALL: Any = GuardrailEventHooks.post_call
except ImportError:  # the module stays importable (and testable) without litellm
    _POST_CALL = "post_call"

    class GuardrailRaisedException(Exception):  # type: ignore[no-redef]
        def __init__(
            self,
            guardrail_name: str | None = None,
            message: str = "",
            should_wrap_with_default_message: bool = True,
            status_code: int = 400,
            blocked_content: bool = False,
        ) -> None:
            self.guardrail_name, self.status_code, self.blocked_content = (
                guardrail_name,
                status_code,
                blocked_content,
            )
            self.message = (
                f"Guardrail raised an exception, Guardrail: {guardrail_name}, Message: {message}"
                if should_wrap_with_default_message
                else message
            )
            super().__init__(self.message)

    class CustomGuardrail:  # type: ignore[no-redef]
        def __init__(
            self,
            guardrail_name: str | None = None,
            event_hook: Any = None,
            default_on: bool = False,
            **kwargs: Any,
        ) -> None:
            self.guardrail_name, self.event_hook, self.default_on = guardrail_name, event_hook, default_on

        def should_run_guardrail(self, data: dict, event_type: Any) -> bool:
            return True


class VerdictGuardrail(CustomGuardrail):
    def __init__(
        self,
        *,
        api_base: str | None = None,
        api_key: str | None = None,
        verdict_tenant: str | None = None,
        verdict_route: str | None = None,
        verdict_timeout: float = 2.0,
        fail_open: bool = False,
        block_status: int = BLOCK_STATUS,
        holdback_chars: int = 0,
        **kwargs: Any,
    ) -> None:
        self.verdict_address = api_base or os.environ.get("VERDICT_ADDRESS", "localhost:50051")
        self._api_key = api_key or os.environ.get("VERDICT_API_KEY")
        self.tenant, self.route = verdict_tenant or "", verdict_route or "chat"
        self.timeout, self.fail_open, self.block_status, self.holdback_chars = (
            verdict_timeout,
            fail_open,
            block_status,
            holdback_chars,
        )
        self._client: AsyncVerdictClient | None = None
        super().__init__(**kwargs)

    @property
    def client(self) -> AsyncVerdictClient:
        if self._client is None:  # created on first use, inside the proxy's event loop
            self._client = AsyncVerdictClient(
                self.verdict_address, api_key=self._api_key, timeout=self.timeout
            )
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    # -- complete responses --------------------------------------------------------------------------

    async def async_post_call_success_hook(self, data: dict, user_api_key_dict: Any, response: Any) -> Any:
        if not self.should_run_guardrail(data=data, event_type=_POST_CALL):
            return response
        messages = [
            m
            for m in (_get(c, "message") for c in _get(response, "choices") or [])
            if isinstance(_get(m, "content"), str)
        ]
        tenant, route = self._origin(data)
        try:
            results: list[ClassifyResult] = await asyncio.gather(
                *(
                    self.client.classify(_get(m, "content"), tenant=tenant, route=route, priority="inline")
                    for m in messages
                )
            )
        except Exception as exc:
            return self._unavailable(exc, data, response)
        action = strongest(r.enforced_action for r in results)
        self._record(data, response, action, [r.request_id for r in results])
        if not action.spec.releases:
            raise self._blocked(
                {f.category for r in results if not r.enforced_action.spec.releases for f in r.findings}
            )
        for message, result in zip(messages, results, strict=True):
            if result.enforced_action.spec.replaces_text and result.redacted_text is not None:
                _set(message, "content", result.redacted_text)
        return response

    # -- streams -------------------------------------------------------------------------------------

    async def async_post_call_streaming_iterator_hook(
        self, user_api_key_dict: Any, response: Any, request_data: dict
    ) -> AsyncIterator[Any]:
        if not self.should_run_guardrail(data=request_data, event_type=_POST_CALL):
            async for chunk in response:
                yield chunk
            return
        tenant, route = self._origin(request_data)
        leading: list[Any] = []  # chunks without text before the first text (role): released first
        trailing: list[Any] = []  # chunks without text after it (finish_reason, usage): released last
        template: list[Any] = []  # the latest chunk with text, copied to carry released text

        async def texts() -> AsyncIterator[str]:
            async for chunk in response:
                text = _delta_text(chunk)
                if text:
                    template[:] = [chunk]
                    yield text
                else:
                    (trailing if template else leading).append(chunk)

        action = Action.ALLOW
        try:
            async for result in self.client.stream(
                texts(), tenant=tenant, route=route, holdback_chars=self.holdback_chars
            ):
                action = result.action
                if not result.action.spec.releases:
                    self._record(request_data, None, action, [result.request_id])
                    raise self._blocked({f.category for f in result.findings})
                if result.released_text:
                    while leading:
                        yield leading.pop(0)
                    yield _with_text(template[0], result.released_text)
        except GuardrailRaisedException:
            raise
        except Exception as exc:
            if (
                not self.fail_open or template
            ):  # text already in flight cannot be released unchecked mid-stream
                raise self._unavailable_error(exc) from exc
            log.warning("verdict unavailable (%s): failing open, stream released unchecked", _reason(exc))
            for chunk in leading:
                yield chunk
            async for chunk in response:
                yield chunk
            return
        self._record(request_data, None, action, [])
        for chunk in leading + trailing:
            yield chunk

    # -- internals -----------------------------------------------------------------------------------

    def _origin(self, data: dict) -> tuple[str, str]:
        metadata = data.get("metadata") or {}
        return metadata.get("verdict_tenant") or self.tenant, metadata.get("verdict_route") or self.route

    def _record(self, data: dict, response: Any, action: Action, request_ids: list[str]) -> None:
        data.setdefault("metadata", {})["verdict"] = {"action": action.value, "request_ids": request_ids}
        hidden = getattr(response, "_hidden_params", None)
        if isinstance(hidden, dict):
            hidden.setdefault("additional_headers", {})[ACTION_HEADER] = action.value
        if action is Action.FLAG:
            log.info("verdict FLAG request_ids=%s", ",".join(request_ids))

    def _blocked(self, categories: set[str]) -> GuardrailRaisedException:
        named = ", ".join(sorted(categories)) or "policy"
        return GuardrailRaisedException(
            guardrail_name=self.guardrail_name,
            message=f"response blocked by verdict ({named})",
            status_code=self.block_status,
            blocked_content=True,
        )

    def _unavailable_error(self, exc: Exception) -> GuardrailRaisedException:
        log.error("verdict unavailable (%s): failing closed", _reason(exc))
        return GuardrailRaisedException(
            guardrail_name=self.guardrail_name,
            message="verdict unavailable; response withheld",
            status_code=503,
            blocked_content=False,
        )

    def _unavailable(self, exc: Exception, data: dict, response: Any) -> Any:
        if not self.fail_open:
            raise self._unavailable_error(exc) from exc
        log.warning("verdict unavailable (%s): failing open, response released unchecked", _reason(exc))
        data.setdefault("metadata", {})["verdict"] = {"action": UNCHECKED, "request_ids": []}
        return response


def _reason(exc: Exception) -> str:
    code = getattr(exc, "code", None)
    return code().name if callable(code) else type(exc).__name__


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def _set(obj: Any, key: str, value: Any) -> None:
    if isinstance(obj, dict):
        obj[key] = value
    else:
        setattr(obj, key, value)


def _delta_text(chunk: Any) -> str:
    choices = _get(chunk, "choices") or []
    if any((_get(c, "index") or 0) != 0 and _get(_get(c, "delta"), "content") for c in choices):
        raise GuardrailRaisedException(
            message="verdict checks streams with one choice (n=1) only", status_code=400
        )
    return "".join(_get(_get(c, "delta"), "content") or "" for c in choices)


def _with_text(chunk: Any, text: str) -> Any:
    out = chunk.model_copy(deep=True) if hasattr(chunk, "model_copy") else copy.deepcopy(chunk)
    for choice in _get(out, "choices") or []:
        _set(_get(choice, "delta"), "content", text)
        _set(choice, "finish_reason", None)
    return out
