"""The runtime: text to findings (taxonomy, normalization, windows, backends, decoding, detectors, analyzer).

It imports neither the server nor the training code; both import it.
"""
