"""Yelp detect-secrets 1.5 with its default plugins and filters, scanning a text the way `detect-secrets
scan` scans a file (`_process_line_based_plugins`, without the eager search of the ad-hoc `scan_line`,
which flags almost every word as high entropy); spans are recovered by locating each secret value in
its line.  Usage: run_detect_secrets.py IN.jsonl OUT.jsonl"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import run


def load():
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.core.scan import _process_line_based_plugins
    from detect_secrets.settings import cache_bust, configure_settings_from_baseline

    # What `default_settings()` does, for the whole process instead of one `with` block.
    cache_bust()
    configure_settings_from_baseline(
        {
            "plugins_used": [
                {"name": plugin.__name__} for plugin in get_mapping_from_secret_type_to_class().values()
            ],
        }
    )

    def analyze(text: str):
        lines = text.split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        spans = []
        for secret in _process_line_based_plugins(list(enumerate(lines, start=1)), filename="output.txt"):
            line, offset = lines[secret.line_number - 1], starts[secret.line_number - 1]
            value = secret.secret_value or ""
            at = line.find(value) if value else -1
            spans.append(
                [offset + at, offset + at + len(value), secret.type]
                if at >= 0
                else [offset, offset + len(line), secret.type]
            )
        return spans, bool(spans)

    return analyze


if __name__ == "__main__":
    run("detect-secrets", "detect-secrets", load)
