"""The policy's actions and what each one means, in one table (`ACTIONS`).

Per action: its precedence (the policy's verdict is the strongest action of the findings that counted,
`strongest`), its verdict.v1.Action wire value (the gRPC service and client), and what a proxy does
with the response: answer with an HTTP status instead of it, release the redacted text, mark it with
the x-verdict-action header (Envoy ext_proc and the LiteLLM guardrail). Adding an action is a row here,
its value in proto/verdict/v1/verdict.proto, and docs/policy.md (see CONTRIBUTING.md).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

ACTION_HEADER = "x-verdict-action"  # the response header a proxy marks an enforced action with
UNCHECKED = "UNCHECKED"  # its value when verdict was unreachable and the proxy failed open
BLOCK_STATUS = 403  # a blocked response's HTTP status, unless the proxy is configured otherwise


class Action(str, enum.Enum):
    ALLOW = "ALLOW"
    FLAG = "FLAG"  # allowed, recorded for review
    REDACT = "REDACT"
    BLOCK = "BLOCK"

    @property
    def spec(self) -> ActionSpec:
        return ACTIONS[self]

    @property
    def rank(self) -> int:
        """Precedence when several findings disagree: BLOCK > REDACT > FLAG > ALLOW."""
        return ACTIONS[self].rank

    @property
    def proto(self) -> int:
        """The verdict.v1.Action wire value."""
        return ACTIONS[self].proto

    @classmethod
    def parse(cls, value: str) -> Action:
        return cls(value.upper())

    @classmethod
    def from_proto(cls, value: int) -> Action:
        """The action of a verdict.v1.Action wire value (KeyError for ACTION_UNSPECIFIED)."""
        return _BY_PROTO[value]


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionSpec:
    """What one action means to the policy and to every proxy that enforces it."""

    rank: int  # precedence: the strongest action of a text's findings is the verdict
    proto: int  # the verdict.v1.Action value on the wire
    status: int | None = None  # the HTTP status a proxy answers with instead of the response
    replaces_text: bool = False  # the released text is the redacted text, not the original
    marked: bool = False  # a proxy sets ACTION_HEADER on its answer (ALLOW leaves no mark)

    @property
    def releases(self) -> bool:
        """Whether the response (or the rest of a stream) reaches the user."""
        return self.status is None


ACTIONS: Mapping[Action, ActionSpec] = MappingProxyType(
    {
        Action.ALLOW: ActionSpec(rank=0, proto=1),
        Action.FLAG: ActionSpec(rank=1, proto=4, marked=True),
        Action.REDACT: ActionSpec(rank=2, proto=2, replaces_text=True, marked=True),
        Action.BLOCK: ActionSpec(rank=3, proto=3, status=BLOCK_STATUS, marked=True),
    }
)
_BY_PROTO = {spec.proto: action for action, spec in ACTIONS.items()}

BY_RANK: tuple[Action, ...] = tuple(sorted(Action, key=lambda a: a.rank))  # weakest first
ACTING: tuple[Action, ...] = tuple(a for a in reversed(BY_RANK) if a is not Action.ALLOW)  # strongest first


def strongest(actions: Iterable[Action]) -> Action:
    """The action that wins when several disagree (ALLOW when there are none)."""
    return max(actions, key=lambda a: a.rank, default=Action.ALLOW)
