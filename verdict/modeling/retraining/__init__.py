"""Retraining from the audit log: review queue -> labels -> fine-tune -> gate -> promote / rollback.

Modules: `review` (queue export from the audit store, reviewed labels -> Examples), `gate` (candidate vs
baseline on the same dev data), `registry` (the promotion pointer `models/<name>/serving.json`), `cli`
(`verdict review export|import`, `verdict gate`, `verdict promote`, `verdict rollback`).
See docs/retraining.md for the loop end to end.
"""
