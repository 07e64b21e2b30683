"""verdict: score every AI output before a user sees it.

Packages by lifecycle, imports pointing one way (tests/test_layers.py holds the rule):
`runtime` (text -> findings) <- `governance` (policy, audit, evidence) <- `serving` (gRPC server, batcher,
proxies) and `modeling` (data, training, export, evaluation, retraining); `cli` and `scan` sit on top.
"""

__version__ = "0.1.0"
