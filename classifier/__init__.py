"""verdict's classifiers: taxonomy, data, detectors, training, export, evaluation, policy and audit."""

__version__ = "0.1.0"
