"""Deterministic detectors beside the model: checksums, patterns, phones, street addresses, record fields,
secrets, prompt overlap and the disclosure of a protected prompt's secret parts.

Every detector reads the normalized text and returns spans on it; `combine` merges them with the
model's spans (see its docstring for the policy).
"""

from __future__ import annotations

from verdict.runtime.detectors.base import DetectContext, Detector, entity_finding
from verdict.runtime.detectors.combination import combine
from verdict.runtime.detectors.entities import RECORDS, VALIDATORS, has_form, validate
from verdict.runtime.detectors.fields import FieldDetector
from verdict.runtime.detectors.patterns import PatternDetector
from verdict.runtime.detectors.phones import PhoneDetector
from verdict.runtime.detectors.postal_addresses import PostalAddressDetector
from verdict.runtime.detectors.prompt_overlap import PromptOverlapDetector
from verdict.runtime.detectors.secret_disclosure import SecretDisclosureDetector
from verdict.runtime.detectors.secrets import SecretDetector, convert_gitleaks, default_secret_detector
from verdict.runtime.findings import Finding


def default_detectors(*, report_documentation: bool = False) -> tuple[Detector, ...]:
    """`report_documentation`: report documentation values (user@example.com) too (see PatternDetector)."""
    return (
        PatternDetector(report_documentation=report_documentation),
        PhoneDetector(),
        PostalAddressDetector(),
        FieldDetector(),
        default_secret_detector(),
        PromptOverlapDetector(),
        SecretDisclosureDetector(),
    )


def run_detectors(text: str, context: DetectContext, detectors: tuple[Detector, ...]) -> list[Finding]:
    findings = [f for d in detectors for f in d.detect(text, context)]
    return sorted(findings, key=lambda f: (f.start, -f.end, f.type))


__all__ = [
    "RECORDS",
    "VALIDATORS",
    "DetectContext",
    "Detector",
    "FieldDetector",
    "PatternDetector",
    "PhoneDetector",
    "PostalAddressDetector",
    "PromptOverlapDetector",
    "SecretDetector",
    "SecretDisclosureDetector",
    "combine",
    "convert_gitleaks",
    "default_detectors",
    "default_secret_detector",
    "entity_finding",
    "has_form",
    "run_detectors",
    "validate",
]
