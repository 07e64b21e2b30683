"""Streaming verdicts with a holdback window: text is released only after it was checked.

The last `holdback` characters stay unreleased until more text arrives or the stream ends, so a value
split across chunks ("4111 1111" + " 1111 1111") is whole before any of it can be released. Only the
prefix that can no longer change is released: the cut point never falls inside an entity finding.

Cost grows with the text's length, not with the number of chunks. A step (analysis, decision, release)
runs once `holdback` new characters have arrived since the last one (and at the end), however they were
chunked. Each step analyzes the stream's text with the same windows a unary Classify of it would use,
and a window the stream already ran is not run again (`WindowCache`): a step runs the tail window and
the windows completed since the last step. So the final step's analysis IS Classify's analysis of the
whole text, and the stream's final verdict equals Classify's. A stream longer than REGION_CHARS is then
analyzed from a later window boundary on (at least `context` released characters before the release
point), so per-step work stays bounded; from there on, the findings of the text left behind are the
ones reported when it was released.

The tenant's policy decides once per step, on the whole analyzed text (what has arrived so far, the
held-back tail included): its enforced action (BLOCK ends the stream and releases nothing more) and its
redaction spans, which are mapped onto the piece being released and applied with the policy's own
operators (keep_last, mask, hash...). So a name that counts only near an identifier (`context:
identifying`, PolicyEngine rule 4) is redacted in its piece when its identifier arrived earlier or sits
in the tail. One that does not count yet is held back until IDENTIFYING_WINDOW characters (plus the
holdback) after it have arrived, or the stream ends: an identifier that close would make it count for
Classify too, and released text cannot be recalled. The released text is therefore Classify's redacted
text of the same prefix. A finding is reported once it can no longer change:
an entity finding when the text holding it is released, a topic or leakage finding (a text-level label,
scored over windows) with the final update. Offsets are on the whole stream's original text. At the end
(or on BLOCK) one stream-wide verdict goes to the engine's observers (metrics, audit).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from verdict.governance.policy.actions import Action, strongest
from verdict.governance.policy.engine import IDENTIFYING_WINDOW, near
from verdict.governance.policy.redaction import AnyOperator, Span, merge_spans, redact
from verdict.governance.policy.verdict import CONTEXT_RULE, Verdict
from verdict.runtime.errors import InputError
from verdict.runtime.findings import Finding
from verdict.runtime.taxonomy import ENTITY_BY_NAME
from verdict.serving.engine import Engine, Model, Outcome, Scope, WindowCache
from verdict.serving.timings import Timings

# Text a stream analyzes as a whole before it moves its start to a later window (~40 windows): up to this
# length the final verdict is exactly Classify's; beyond it, a step's work stays bounded.
REGION_CHARS = 16_384


@dataclass(frozen=True, slots=True)
class StreamConfig:
    scope: Scope
    system_prompt: str | None = None
    request_id: str = ""
    holdback: int = 96
    context: int = 128


@dataclass(frozen=True, slots=True)
class StreamUpdate:
    request_id: str
    released_text: str  # newly released, redacted where the policy says so
    released_start: int
    released_end: int
    findings: tuple[Finding, ...]  # not reported before
    action: Action  # strongest enforced action so far
    final: bool
    model_version: str = ""
    policy_version: str = ""
    degraded: bool = False
    timings: Timings = Timings()


class StreamSession:
    def __init__(self, engine: Engine, config: StreamConfig, *, deadline: float | None = None) -> None:
        self._engine, self.config, self._deadline = engine, config, deadline
        self._text = ""  # the stream's text from `_base` on (older text is no longer analyzed)
        self._base = 0
        self._released = 0  # stream offset up to which text was released
        self._checked = 0  # stream offset up to which text was analyzed (the end, at the last step)
        self._chunks: list[str] = []  # the whole stream, for the audit record's digest of what was judged
        self._windows = WindowCache()
        self._reported: dict[tuple[str, str, int, int], Finding] = {}
        self._left_labels: dict[tuple[str, str], Finding] = {}  # best label findings of text left behind
        # Quasi-identifiers a step let through (stream offsets), held by `_hold` even on steps whose model
        # pass does not find them again: the model's spans move between prefixes.
        self._quasi: set[tuple[int, int]] = set()
        self._action = Action.ALLOW  # strongest enforced action so far
        self._computed = Action.ALLOW  # strongest action the policy computed (differs in shadow mode)
        self._mode = config.scope.settings.mode
        self.done = False

    @property
    def _total(self) -> int:
        return self._base + len(self._text)

    @property
    def windows_run(self) -> int:
        """Windows this stream sent to the backend."""
        return self._windows.computed

    async def feed(self, chunk: str) -> StreamUpdate | None:
        """Add a chunk; an update when something was released or found (None: all still held back)."""
        if self.done:
            raise InputError("chunk", "the stream already ended (BLOCK)")
        if len(chunk) > self._engine.limits.max_text_chars:
            raise InputError(
                "chunk",
                f"{len(chunk)} characters exceeds the limit of {self._engine.limits.max_text_chars} (max_text_chars)",
            )
        self._text += chunk
        self._chunks.append(chunk)
        if self._total - self._released <= self.config.holdback:
            return None
        if self._total - self._checked < self.config.holdback:
            return None  # too little new text to move the release point by much: wait for more
        update = await self._step(final=False)
        return update if (update.final or update.released_text or update.findings) else None

    async def close(self) -> StreamUpdate:
        """End of input: check and release everything still held back."""
        if self.done:
            raise InputError("chunk", "the stream already ended")
        return await self._step(final=True)

    async def _step(self, *, final: bool) -> StreamUpdate:
        started = time.perf_counter()
        scope = self.config.scope
        analysis, timings, model = await self._engine.analyze(
            self._text,
            scope,
            system_prompt=self.config.system_prompt,
            deadline=self._deadline,
            cache=self._windows,
        )
        self._checked = self._total
        decided = time.perf_counter()
        verdict = scope.decide(analysis, model.version)
        findings = [replace(f, start=f.start + self._base, end=f.end + self._base) for f in verdict.findings]
        entities = [f for f in findings if f.type in ENTITY_BY_NAME]  # values: a cut never splits one
        labels = [f for f in findings if f.type not in ENTITY_BY_NAME]
        # A redaction decided on a prefix is provisional until one of its spans is in released text: the
        # rest of the stream can still take it back (an address completed into a documentation one), and
        # the final action is then Classify's. Any other action counts at once.
        self._escalate(verdict, provisional=not final)
        released, cut = "", self._released
        if self._action.spec.releases:
            spans, operators = self._redactions(verdict)
            target = self._total if final else self._hold(self._total - self.config.holdback, verdict)
            cut = self._cut(target, [*entities, *spans])
            released = self._release(cut, spans, operators)
        if not final and any(
            r.action is Action.REDACT and r.start + self._base < cut for r in verdict.reasons
        ):
            self._escalate(verdict)  # a redaction in released text: it cannot be taken back
        timings = replace(
            timings,
            policy_ms=(time.perf_counter() - decided) * 1000.0,
            total_ms=(time.perf_counter() - started) * 1000.0,
        )
        start, self._released = self._released, cut
        self.done = final or not self._action.spec.releases
        settled = entities + self._labels(labels) if self.done else [f for f in entities if f.end <= cut]
        new = tuple(f for f in settled if _key(f) not in self._reported)
        self._reported.update((_key(f), f) for f in new)
        self._trim(model, labels)
        update = StreamUpdate(
            request_id=self.config.request_id,
            released_text=released,
            released_start=start,
            released_end=cut,
            findings=new,
            action=self._action,
            final=self.done,
            model_version=verdict.model_version or model.version,
            policy_version=verdict.policy_version,
            degraded=model.degraded,
            timings=timings,
        )
        if self.done:
            await self._report(update, analysis.scores)
        return update

    def _escalate(self, verdict: Verdict, *, provisional: bool = False) -> None:
        """Take the step's actions into the stream's (the strongest so far). A provisional step's REDACT
        waits: it counts once one of its spans lies in released text."""

        def counted(action: Action) -> Action:
            return Action.ALLOW if provisional and action is Action.REDACT else action

        self._action = strongest((self._action, counted(verdict.enforced_action)))
        self._computed = strongest((self._computed, counted(verdict.action)))

    def _redactions(self, verdict: Verdict) -> tuple[list[Span], dict[str, AnyOperator]]:
        """The analyzed text's redaction spans (merged, on the stream) and their operators: the spans of
        the findings the policy counted with action REDACT, as `PolicyEngine.decide` redacts them."""
        if not verdict.enforced_action.spec.replaces_text:
            return [], {}
        route = self.config.scope.settings
        acted = [r for r in verdict.reasons if r.action is Action.REDACT]
        merged = merge_spans((Span(r.start, r.end, r.type, r.score) for r in acted), len(self._text))
        operators = {r.type: route.rule_for(r.type, r.category).operator for r in acted}
        return [replace(s, start=s.start + self._base, end=s.end + self._base) for s in merged], operators

    def _hold(self, cut: int, verdict: Verdict) -> int:
        """Keep a quasi-identifier unreleased while the text still to come could change whether it counts.

        One that does not count yet, while an identifier could still arrive within IDENTIFYING_WINDOW after
        it (and be whole past the holdback): it would count then. One an earlier step let through is held on
        the same terms when this step's model pass does not find it again. One that counts only through
        identifiers in the unsettled tail (the last `holdback` characters): the rest of such a value can still change
        it ("peter.jones@example" at a prefix's end is a contact; "peter.jones@example.org" is a
        documentation address that contacts no one) and, with it, whether the name beside it counts."""
        horizon = self._total - IDENTIFYING_WINDOW - self.config.holdback
        settled = self._total - self.config.holdback - self._base  # on the analyzed text
        route = self.config.scope.settings
        pii = [f for f in verdict.findings if f.category == "pii"]
        found = [(r.start + self._base, r.end + self._base) for r in verdict.reasons if r.category == "pii"]
        missing = {  # let through before, found by no finding of this step (counted or not)
            (start, end)
            for start, end in self._quasi
            if start >= self._released and not any(start < e and s < end for s, e in found)
        }
        self._quasi = missing | {
            (r.start + self._base, r.end + self._base)
            for r in verdict.reasons
            if r.rule.endswith(f".{CONTEXT_RULE}")
        }
        for start, end in self._quasi:
            if end > horizon:
                cut = min(cut, start)
        for r in verdict.reasons:
            counted = r.category == "pii" and not r.rule.endswith(f".{CONTEXT_RULE}")
            if counted and route.rule_for(r.type, r.category).context == "identifying":
                anchors = [f for f in pii if (f.start, f.end) != (r.start, r.end) and near(r, [f])]
                if anchors and all(f.end > settled for f in anchors):
                    cut = min(cut, r.start + self._base)
        return cut

    def _cut(self, cut: int, spans: list[Finding | Span]) -> int:
        """Move the release point back until no entity finding or redaction span straddles it."""
        moved = True
        while moved:
            moved = False
            for f in spans:
                if f.start < cut < f.end:
                    cut, moved = f.start, True
        return max(cut, self._released)

    def _release(self, cut: int, spans: list[Span], operators: dict[str, AnyOperator]) -> str:
        """The text between the last release point and `cut`, redacted where the analyzed text's
        decision redacts it (a span can start before the piece only if the text's findings moved)."""
        lo = self._released
        piece = self._text[lo - self._base : cut - self._base]
        inside = [
            replace(s, start=max(s.start, lo) - lo, end=min(s.end, cut) - lo)
            for s in spans
            if s.start < cut and s.end > lo
        ]
        return redact(piece, inside, operators) if inside else piece

    def _labels(self, labels: list[Finding]) -> list[Finding]:
        """Per label, the best finding: of the analyzed text, or of text the analysis left behind."""
        best = dict(self._left_labels)
        for f in labels:
            if (f.category, f.type) not in best or f.score > best[(f.category, f.type)].score:
                best[(f.category, f.type)] = f
        return list(best.values())

    def _trim(self, model: Model, labels: list[Finding]) -> None:
        """Past REGION_CHARS, analyze from a later window on: the last window start at least `context`
        + IDENTIFYING_WINDOW characters before the release point (so an identifier that makes a held
        quasi-identifier count is still analyzed), after whitespace (so the text from there is tokenized into
        the same windows again), whose preceding windows lie in released text. Their label findings are
        kept (those scored on released text are final); their entity findings were reported already."""
        spans_of = getattr(model.analyzer, "window_spans", None)  # a test double may have none
        if self.done or len(self._text) <= REGION_CHARS or spans_of is None:
            return
        spans = [(self._base + a, self._base + b) for a, b in spans_of(self._windows.prepared)]
        keep_from = self._base
        for (_, prev_end), (start, _) in zip(spans, spans[1:]):
            if prev_end > self._released or start > self._released - self.config.context - IDENTIFYING_WINDOW:
                break
            if start > self._base and self._text[start - self._base - 1].isspace():
                keep_from = start
        if keep_from == self._base:
            return
        self._left_labels = {
            (f.category, f.type): f for f in self._labels([f for f in labels if f.end <= self._released])
        }
        self._text = self._text[keep_from - self._base :]
        self._base = keep_from

    async def _report(self, last: StreamUpdate, scores: dict[str, float]) -> None:
        """The stream-wide verdict: every finding reported, the strongest actions, the whole text judged."""
        scope = self.config.scope
        verdict = Verdict(
            action=self._computed,
            enforced_action=self._action,
            mode=self._mode,
            findings=tuple(self._reported.values()),
            redacted_text=None,
            reasons=(),
            policy_version=last.policy_version,
            model_version=last.model_version,
            tenant=scope.tenant,
            route=scope.route,
            original_text="".join(self._chunks),
        )
        await self._engine.report(
            Outcome(
                request_id=self.config.request_id,
                verdict=verdict,
                scores=dict(scores),
                timings=last.timings,
                degraded=last.degraded,
                model_version=last.model_version,
                scope=scope,
            )
        )


def _key(f: Finding) -> tuple[str, str, int, int]:
    return (f.category, f.type, f.start, f.end)
