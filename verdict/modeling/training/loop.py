"""`train`: the run from start to end; the modules beside this one hold each of its parts.

`train` reads the data, builds the model and a `Run` (the optimizer, schedule and counters a checkpoint
saves), then steps until the planned steps, the time budget or early stopping end it.
"""

from __future__ import annotations

import json
import math
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from verdict.modeling.training.batches import collate, length_bucketed_batches, oversampled, sample
from verdict.modeling.training.config import TrainConfig
from verdict.modeling.training.device import autocast, pick_device
from verdict.modeling.training.distillation import teacher_embeddings
from verdict.modeling.training.encoding import Window, encode_examples
from verdict.modeling.training.loss import compute_loss, loss_weights
from verdict.modeling.training.optimizer import budget_steps, lr_schedule, make_optimizer
from verdict.modeling.training.preferences import draw, load_pair_windows, pair_accuracy, with_pairs
from verdict.modeling.training.scoring import eval_targets, evaluate


def build_model(cfg: TrainConfig):
    from verdict.runtime.model import VerdictModel, base_model_path, default_labels, tiny_encoder_config

    if cfg.init_from == "base":
        return VerdictModel.from_base(
            base_model_path(), default_labels(), head_dropout=cfg.head_dropout, topic_pool=cfg.topic_pool
        )
    if cfg.init_from == "tiny":
        return VerdictModel(
            tiny_encoder_config(), default_labels(), head_dropout=cfg.head_dropout, topic_pool=cfg.topic_pool
        )
    return VerdictModel.from_checkpoint(cfg.init_from, topic_pool=cfg.topic_pool)


def save_atomic(directory: Path, write) -> None:
    """Write into <dir>.tmp, then swap it in: a kill mid-save never leaves a half-written checkpoint."""
    tmp, old = directory.with_name(directory.name + ".tmp"), directory.with_name(directory.name + ".old")
    shutil.rmtree(tmp, ignore_errors=True)
    write(tmp)
    if directory.exists():
        directory.rename(old)
    tmp.rename(directory)
    shutil.rmtree(old, ignore_errors=True)


@dataclass(frozen=True)
class Data:
    train_examples: list
    train_windows: list[Window]
    dev_examples: list
    dev_windows: list[Window]
    dev_targets: tuple  # eval_targets(dev_examples)
    n_extra: int  # --extra-data examples, before cfg.extra_repeat
    train_pairs: list = field(default_factory=list)  # (chosen, rejected) windows, when preference_weight > 0
    dev_pairs: list = field(default_factory=list)


def load_data(cfg: TrainConfig, data_dir: Path, extra_data: tuple[Path, ...], tokenizer, labels) -> Data:
    from verdict.modeling.data.schema import read_jsonl

    kept = [ex for ex in read_jsonl(data_dir / "train.jsonl") if ex.source not in cfg.exclude_sources]
    train_examples = oversampled(sample(kept, cfg.max_train_examples, cfg.seed), cfg)
    # Retraining: new labels (oversampled) on top of a replay sample of the original train set, so the
    # fine-tune learns the reviewed cases without forgetting the rest.
    extra = [ex for path in extra_data for ex in read_jsonl(path) if ex.split == "train"]
    train_examples += extra * cfg.extra_repeat
    dev_examples = sample(list(read_jsonl(data_dir / "dev.jsonl")), cfg.max_eval_examples, cfg.seed)
    pairs = {}
    if cfg.preference_weight > 0:
        pairs = {s: load_pair_windows(data_dir, s, tokenizer, labels, cfg) for s in ("train", "dev")}
    return Data(
        train_examples=train_examples,
        train_windows=encode_examples(tokenizer, train_examples, labels, cfg),
        dev_examples=dev_examples,
        dev_windows=encode_examples(tokenizer, dev_examples, labels, cfg),
        dev_targets=eval_targets(dev_examples, labels),
        n_extra=len(extra),
        train_pairs=pairs.get("train", []),
        dev_pairs=pairs.get("dev", []),
    )


def tokenizer_file(cfg: TrainConfig) -> Path:
    """The tokenizer of the model the run starts from (the base encoder's for `base` and `tiny`)."""
    from verdict.runtime.model import TOKENIZER_FILE, base_model_path

    start = Path(cfg.init_from) if cfg.init_from not in ("base", "tiny") else base_model_path()
    return start / TOKENIZER_FILE


class Run:
    """What one training run carries from step to step, and what `last/state.pt` saves of it."""

    def __init__(
        self, cfg: TrainConfig, model, device, out_dir: Path, total_steps: int, tokenizer_path: Path
    ):
        import torch

        self.cfg, self.model, self.device, self.out_dir = cfg, model, device, out_dir
        self.tokenizer_path = tokenizer_path
        self.total_steps = self.planned_steps = total_steps
        self.optimizer, self.scheduler = make_optimizer(model, cfg, total_steps)
        fp16_cuda = device.type == "cuda" and not torch.cuda.is_bf16_supported()
        self.scaler = torch.amp.GradScaler("cuda", enabled=fp16_cuda)
        self.step, self.best_score, self.bad_evals = 0, -1.0, 0

    def restore(self, state: dict) -> None:
        import torch

        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        self.step, self.best_score, self.bad_evals = state["step"], state["best_score"], state["bad_evals"]
        torch.set_rng_state(state["rng"])

    def learn(self, batch: dict, weights: tuple):
        """One optimizer step on `batch`; returns (loss, its parts)."""
        import torch

        with autocast(self.device):
            outputs = self.model(batch["input_ids"], batch["attention_mask"])
        loss, parts = compute_loss(outputs, batch, self.cfg, *weights)
        self.scaler.scale(loss).backward()
        self.scaler.unscale_(self.optimizer)
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg.grad_clip)
        self.scaler.step(self.optimizer)
        self.scaler.update()
        self.optimizer.zero_grad(set_to_none=True)
        self.scheduler.step()
        self.step += 1
        return loss, parts

    def fit_budget(self, elapsed_s: float, first_step: int) -> str | None:
        """Replan the run's length to the time budget at the rate so far; a message when it changed."""
        budget_s = self.cfg.time_budget_min * 60
        fits = min(self.planned_steps, budget_steps(budget_s, elapsed_s, self.step, first_step))
        if abs(fits - self.total_steps) <= 0.02 * self.total_steps:
            return None
        self.total_steps = fits
        # last_step=step-1: construction steps it once, to `step`
        self.scheduler = lr_schedule(self.optimizer, self.cfg, fits, last_step=self.step - 1)
        return f"time budget {self.cfg.time_budget_min:.0f} min: {fits} of {self.planned_steps} steps"

    def judge(self, metrics: dict) -> bool:
        """Count an eval towards early stopping; True when it is the best so far (and is kept as best/)."""
        improved = metrics["score"] > self.best_score
        if improved:
            self.best_score, self.bad_evals = metrics["score"], 0
            self.save("best", metrics)
        else:
            self.bad_evals += 1
        return improved

    @property
    def stopped(self) -> bool:
        return self.bad_evals >= self.cfg.patience

    def save(self, name: str, metrics: dict | None = None, *, state: dict | None = None) -> None:
        """The model (with its config, step and metrics) as <out>/<name>, and `state` beside it as
        state.pt, swapped in whole: a kill mid-save never leaves a half-written checkpoint."""
        import torch

        base = "tiny-random-bert" if self.cfg.init_from == "tiny" else "all-MiniLM-L6-v2"
        extra = {
            "training": asdict(self.cfg),
            "step": self.step,
            "metrics": metrics or {},
            "base_model": base,
        }

        def write(d: Path) -> None:
            self.model.save_checkpoint(d, tokenizer_path=self.tokenizer_path, extra=extra)
            if state is not None:
                torch.save(state, d / "state.pt")

        save_atomic(self.out_dir / name, write)

    def save_last(self) -> None:
        """The model and everything --resume needs to continue where this step left off."""
        import torch

        state = {
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict(),
            "step": self.step,
            "best_score": self.best_score,
            "bad_evals": self.bad_evals,
            "total_steps": self.total_steps,
            "rng": torch.get_rng_state(),
        }
        self.save("last", state=state)


def train(
    cfg: TrainConfig,
    *,
    data_dir: Path,
    out_dir: Path,
    resume: bool = False,
    max_steps: int = 0,
    device_name: str = "auto",
    progress: bool = True,
    extra_data: tuple[Path, ...] = (),
) -> dict:
    import torch

    from verdict.runtime.windows import load_tokenizer

    device = pick_device(device_name, cfg.threads)
    torch.manual_seed(cfg.seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    resume = resume and (out_dir / "last" / "state.pt").is_file()
    model = build_model(cfg)
    tokenizer_path = tokenizer_file(cfg)
    data = load_data(cfg, data_dir, extra_data, load_tokenizer(tokenizer_path), model.labels)
    model.to(device)
    teacher = None
    if cfg.distill_weight > 0:
        started = time.time()
        teacher = teacher_embeddings(model, data.train_windows, cfg, device, out_dir / "teacher.pt")
        print(f"teacher embeddings: {len(teacher)} windows in {time.time() - started:.0f} s", flush=True)
    weights = loss_weights(cfg, data.train_windows, model.labels, device)

    per_epoch = math.ceil(len(data.train_windows) / cfg.batch_size)
    total_steps = math.ceil(cfg.epochs * per_epoch)
    if max_steps:
        total_steps = min(total_steps, max_steps)
    state = None
    if resume:
        from safetensors.torch import load_file

        model.load_state_dict(load_file(out_dir / "last" / "model.safetensors", device=str(device)))
        state = torch.load(out_dir / "last" / "state.pt", map_location=device, weights_only=False)
        total_steps = max_steps or state["total_steps"]  # the LR schedule continues unless told otherwise
    run = Run(cfg, model, device, out_dir, total_steps, tokenizer_path)
    if state is not None:
        run.restore(state)
    lengths = [len(w.ids) for w in data.train_windows]
    print(f"init from {cfg.init_from}; {data.n_extra} extra examples x{cfg.extra_repeat}", flush=True)
    print(
        f"train: {len(data.train_examples)} examples -> {len(data.train_windows)} windows, "
        f"mean {sum(lengths) / len(lengths):.0f} tokens; dev {len(data.dev_examples)}; "
        f"preference pairs {len(data.train_pairs)} train, {len(data.dev_pairs)} dev; {total_steps} steps "
        f"({per_epoch}/epoch) on {device}" + (f", resuming at step {run.step}" if resume else ""),
        flush=True,
    )
    summary = steps(run, data, teacher, weights, lengths, per_epoch, progress)
    print(f"done: {summary}; best checkpoint {out_dir / 'best'}")
    return summary


def steps(run: Run, data: Data, teacher, weights: tuple, lengths: list[int], per_epoch: int, progress: bool):
    """The loop: batches in the epoch's order from where the run stands, evals, checkpoints; the summary."""
    from tqdm import tqdm

    cfg, device = run.cfg, run.device
    log = open(run.out_dir / "metrics.jsonl", "a", encoding="utf-8")  # noqa: SIM115 (closed after the loop)
    run.model.train()
    bar = tqdm(total=run.total_steps, initial=run.step, disable=not progress, dynamic_ncols=True)
    t0, t0_step, stopped = time.time(), run.step, False
    while run.step < run.total_steps and not stopped:
        epoch, index = divmod(run.step, per_epoch)
        batches = length_bucketed_batches(lengths, cfg.batch_size, cfg.seed + epoch, cfg.bucket_chunk)
        for ids in batches[index:]:
            windows = [data.train_windows[i] for i in ids]
            if data.train_pairs:
                pairs = draw(data.train_pairs, cfg.preference_pairs, cfg.seed, run.step)
                batch = with_pairs(windows, pairs, teacher)
            else:
                batch = collate(windows, teacher)
            loss, parts = run.learn({k: v.to(device) for k, v in batch.items()}, weights)
            step = run.step
            bar.update(1)
            bar.set_postfix(loss=f"{loss.item():.3f}", **{k: f"{v.item():.3f}" for k, v in parts.items()})
            if step - t0_step == 20:
                rate = (time.time() - t0) / 20
                bar.write(f"{rate:.2f} s/step; ETA {rate * (run.total_steps - step) / 60:.0f} min plus evals")
            # The budget is judged at step 20 and again every 100 steps, on the rate so far (evals
            # included): the run shrinks when the machine slows down and grows back (never past the
            # planned steps) when it speeds up, so a noisy first minute does not decide the whole run.
            if cfg.time_budget_min and (step - t0_step == 20 or (step - t0_step) % 100 == 0):
                message = run.fit_budget(time.time() - t0, t0_step)
                if message:
                    bar.write(message)
                    bar.total = run.total_steps
            if step % cfg.eval_every == 0 or step == run.total_steps:
                labels = run.model.labels
                metrics = evaluate(
                    run.model, data.dev_windows, len(data.dev_examples), cfg, device, labels, data.dev_targets
                )
                if data.dev_pairs:  # reported beside the dev score, not part of it
                    metrics["pair_accuracy"] = pair_accuracy(run.model, data.dev_pairs, device)
                improved = run.judge(metrics)
                record = {
                    "step": step,
                    "loss": loss.item(),
                    "lr": max(run.scheduler.get_last_lr()),
                    "elapsed_s": round(time.time() - t0, 1),
                    **metrics,
                    "best": improved,
                }
                log.write(json.dumps(record) + "\n")
                log.flush()
                bar.write(f"step {step}: " + " ".join(f"{k} {v:.4f}" for k, v in metrics.items()))
                stopped = run.stopped
            if step % cfg.checkpoint_every == 0 or step == run.total_steps or stopped:
                run.save_last()
            if cfg.snapshot_every and (step % cfg.snapshot_every == 0 or step == run.total_steps or stopped):
                run.save(f"step-{step}")
            if step >= run.total_steps or stopped:
                break
    bar.close()
    summary = {
        "step": run.step,
        "best_score": run.best_score,
        "stopped_early": stopped,
        "s_per_step": (time.time() - t0) / max(run.step - t0_step, 1),
    }
    log.write(json.dumps({"summary": summary}) + "\n")
    log.close()
    return summary
