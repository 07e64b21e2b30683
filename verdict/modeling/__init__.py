"""Modeling: data, training, averaging, export, quantization, evaluation and retraining of the model versions the runtime serves."""
