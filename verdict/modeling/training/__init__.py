"""`verdict train`: fine-tune the multi-task model on build/data/{train,dev}.jsonl.

Reads top to bottom, one module per step:

    config.py        TrainConfig and its YAML file
    encoding.py      examples -> windows: runtime normalization and windows, BIO tags from char spans
    batches.py       sampling, oversampling, length-bucketed batches, padding
    loss.py          token cross-entropy + masked BCE per head (+ distillation)
    scoring.py       the dev score that picks the best checkpoint
    optimizer.py     layer-wise learning rates, the schedule, the time budget
    distillation.py  the cached teacher embeddings
    loop.py          `train`: data -> model -> steps, evals, checkpoints, early stopping -> summary
    cli.py           `verdict train` flags

Run directory:

    runs/<name>/metrics.jsonl   one line per eval (and the final summary)
    runs/<name>/best/           the best checkpoint by combined dev score (what `verdict export` reads)
    runs/<name>/last/           the latest checkpoint + state.pt (optimizer, scheduler, step) for --resume
    runs/<name>/teacher.pt      cached teacher embeddings for the distillation term (if enabled)

Importing the package loads no torch: every torch import is inside the functions that use it.
"""

from verdict.modeling.training.batches import collate, length_bucketed_batches, oversampled, sample
from verdict.modeling.training.cli import add_arguments, run
from verdict.modeling.training.config import TrainConfig, load_config
from verdict.modeling.training.encoding import IGNORE, Window, bio_tags, encode_example, encode_examples
from verdict.modeling.training.loop import train
from verdict.modeling.training.loss import compute_loss, masked_bce, pos_weights
from verdict.modeling.training.optimizer import budget_steps, encoder_depth, lr_schedule, make_optimizer
from verdict.modeling.training.scoring import bio_spans, evaluate

__all__ = [
    "IGNORE",
    "TrainConfig",
    "Window",
    "add_arguments",
    "bio_spans",
    "bio_tags",
    "budget_steps",
    "collate",
    "compute_loss",
    "encode_example",
    "encode_examples",
    "encoder_depth",
    "evaluate",
    "length_bucketed_batches",
    "load_config",
    "lr_schedule",
    "make_optimizer",
    "masked_bce",
    "oversampled",
    "pos_weights",
    "run",
    "sample",
    "train",
]
