"""`verdict train` (and `python -m verdict.modeling.training`): flags over the config file, then `train`."""

from __future__ import annotations

import argparse
from pathlib import Path

from verdict.modeling.training.config import load_config
from verdict.modeling.training.loop import train


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default="verdict/modeling/configs/default.yaml", help="TrainConfig YAML")
    parser.add_argument("--data", default="build/data", help="dir with train.jsonl and dev.jsonl")
    parser.add_argument("--out", default=None, help="run dir (default runs/<config name>)")
    parser.add_argument("--resume", action="store_true", help="continue from <out>/last if present")
    parser.add_argument("--max-steps", type=int, default=0, help="stop after N optimizer steps (0: epochs)")
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    parser.add_argument("--no-progress", action="store_true", help="no tqdm bar (logs only)")
    parser.add_argument(
        "--init-from",
        default=None,
        help="override the config's init_from: a checkpoint or model version dir (models/verdict/1)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="override the config's seed: another data order and dropout, e.g. for runs to average",
    )
    parser.add_argument(
        "--extra-data",
        type=Path,
        action="append",
        default=[],
        help="JSONL of extra train examples (verdict review import); repeatable",
    )


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    cfg = load_config(args.config)
    if args.init_from:
        cfg = replace(cfg, init_from=args.init_from)
    if args.seed is not None:
        cfg = replace(cfg, seed=args.seed)
    out = Path(args.out) if args.out else Path("runs") / Path(args.config).stem
    train(
        cfg,
        data_dir=Path(args.data),
        out_dir=out,
        resume=args.resume,
        max_steps=args.max_steps,
        device_name=args.device,
        progress=not args.no_progress,
        extra_data=tuple(args.extra_data),
    )
    return 0
