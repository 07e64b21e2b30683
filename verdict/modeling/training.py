"""`verdict train`: fine-tune the multi-task model on build/data/{train,dev}.jsonl.

Reads top to bottom: config -> data (tokenize, BIO from char spans, windows) -> model -> loop (loss, eval,
best checkpoint, early stopping, resumable checkpoints) -> done. Run directory:

    runs/<name>/metrics.jsonl   one line per eval (and the final summary)
    runs/<name>/best/           the best checkpoint by combined dev score (what `verdict export` reads)
    runs/<name>/last/           the latest checkpoint + state.pt (optimizer, scheduler, step) for --resume
    runs/<name>/teacher.pt      cached teacher embeddings for the distillation term (if enabled)
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from verdict.runtime.windows import window_bounds

IGNORE = -100


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainConfig:
    init_from: str = "base"  # "base" (all-MiniLM-L6-v2), "tiny" (random, tests) or a checkpoint/version dir
    extra_repeat: int = 1  # times each --extra-data train example is repeated (oversampling new labels)
    # Times each train example of a source, or with a topic label, is used per epoch (the largest factor
    # that applies; 1 when none does): more passes over scarce or weak parts without new data.
    oversample_sources: dict[str, int] = field(default_factory=dict)
    oversample_topics: dict[str, int] = field(default_factory=dict)
    # Sources left out of training (e.g. one whose labels proved noisy on the transfer benchmark).
    exclude_sources: tuple[str, ...] = ()
    max_length: int = 128  # training window, in tokens incl. [CLS]/[SEP]
    window_overlap: int = 32  # tokens shared by consecutive windows of a long example
    batch_size: int = 32
    epochs: float = 2.0
    max_train_examples: int = 22000  # 0: all
    max_eval_examples: int = 2000
    lr_encoder: float = 5e-5
    lr_heads: float = 1e-3
    # Layer-wise learning-rate decay: encoder layer k (1..L) trains at lr_encoder * layer_decay**(L - k), the
    # embeddings at layer_decay**L. Below 1 the lower layers, which hold most of what the base
    # encoder knows about ordinary text, move least (1.0: one rate for the whole encoder).
    layer_decay: float = 1.0
    weight_decay: float = 0.01
    warmup_fraction: float = 0.06
    grad_clip: float = 1.0
    head_dropout: float = 0.1
    freeze_word_embeddings: bool = True  # 11.7M of 22.7M params: halves the optimizer step, keeps rare tokens
    o_weight: float = 0.5  # class weight of the "O" tag (entity tags weigh 1)
    pos_weight_cap: float = 10.0  # topic/leak BCE pos_weight = min(neg/pos, cap)
    loss_token: float = 1.0
    loss_topic: float = 1.0
    loss_leak: float = 1.0
    distill_weight: float = 0.0  # 1 - cos(embedding, frozen initial embedding), on a fraction of windows
    distill_fraction: float = 0.25
    eval_every: int = 250
    checkpoint_every: int = 250
    patience: int = 4  # evals without improvement before stopping
    # >0: also keep the model every N steps as <out>/step-N, to select on the transfer benchmark after the
    # run (dev picks `best`; the checkpoint that transfers best is often an earlier one).
    snapshot_every: int = 0
    time_budget_min: float = (
        0.0  # >0: this invocation ends within it (judged at step 20, then every 100 steps)
    )
    bucket_chunk: int = 50  # batches per length-sorting chunk
    threads: int = 2
    seed: int = 13

    def __post_init__(self) -> None:
        if not 0 < self.layer_decay <= 1:
            raise ValueError(f"layer_decay must be in (0, 1], got {self.layer_decay}")
        object.__setattr__(self, "exclude_sources", tuple(self.exclude_sources))
        if not 0 <= self.window_overlap < self.max_length - 2:
            raise ValueError(
                f"window_overlap must be in [0, {self.max_length - 2}) for max_length "
                f"{self.max_length} (the window body), got {self.window_overlap}"
            )


def load_config(path: str | Path | None) -> TrainConfig:
    import yaml

    from verdict.runtime.errors import ConfigError

    if path is None:
        return TrainConfig()
    from verdict.runtime.taxonomy import TOPIC_LABELS

    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    known = {f.name for f in fields(TrainConfig)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(f"unknown keys {unknown}", file=str(path))
    unknown_topics = sorted(set(raw.get("oversample_topics") or {}) - set(TOPIC_LABELS))
    if unknown_topics:
        raise ConfigError(f"oversample_topics: unknown topic labels {unknown_topics}", file=str(path))
    factors = {**(raw.get("oversample_sources") or {}), **(raw.get("oversample_topics") or {})}
    if any(not isinstance(n, int) or n < 1 for n in factors.values()):
        raise ConfigError(
            "oversample_sources/oversample_topics: factors must be integers >= 1", file=str(path)
        )
    return TrainConfig(**raw)


# -- data: char spans -> BIO tags -> windows ------------------------------------------------------


@dataclass(slots=True)
class Window:
    ids: list[int]  # with [CLS] ... [SEP]
    tags: list[int]  # same length; IGNORE on specials and when entities are not labeled
    topics: list[float]
    topic_mask: list[float]  # per topic label, 0: no loss from this label in this window
    leak: list[float]
    leak_mask: list[float]
    example: int  # index of the source example (eval aggregates windows per example)
    teacher: int = -1  # row in the teacher-embedding table, -1: no distillation


def bio_tags(offsets, spans, tag_index: dict[str, int]) -> list[int]:
    """BIO tag id per token: the first token overlapping an entity gets B-, every later one I-."""
    tags, si, started = [], 0, -1
    for start, end in offsets:
        while si < len(spans) and spans[si].end <= start:
            si += 1
        if start == end or si >= len(spans) or spans[si].start >= end:
            tags.append(tag_index["O"])
            continue
        prefix = "I" if started == si else "B"
        started = si
        tags.append(tag_index[f"{prefix}-{spans[si].type}"])
    return tags


def encode_example(
    encoding, example, index: int, labels, *, max_length: int, overlap: int, cls_id: int, sep_id: int
) -> list[Window]:
    """One example (tokenized without special tokens) -> windows of at most max_length tokens."""
    tag_index = {tag: i for i, tag in enumerate(labels.token_tags)}
    ids, offsets = encoding.ids, encoding.offsets
    if "entities" in example.labeled:
        tags = bio_tags(offsets, example.entities, tag_index)
    else:
        tags = [IGNORE] * len(ids)
    topics = [float(t in example.topics) for t in labels.topics]
    leak = [float(t in example.leakage) for t in labels.leakage]
    topic_known = [float(example.known("topics", t)) for t in labels.topics]
    leak_known = [float(example.known("leakage", t)) for t in labels.leakage]
    nothing_topic, nothing_leak = [0.0] * len(topics), [0.0] * len(leak)
    bounds = window_bounds(len(ids), max_length - 2, overlap)
    windows = []
    for n, (start, end) in enumerate(bounds):
        # A later window may not contain what made the example positive: keep only its negatives.
        topic_mask = topic_known if n == 0 or not any(topics) else nothing_topic
        leak_mask = leak_known if n == 0 or not any(leak) else nothing_leak
        windows.append(
            Window(
                ids=[cls_id, *ids[start:end], sep_id],
                tags=[IGNORE, *tags[start:end], IGNORE],
                topics=topics,
                topic_mask=topic_mask,
                leak=leak,
                leak_mask=leak_mask,
                example=index,
            )
        )
    return windows


def prepared(example):
    """The example as serving sees it: normalized text, entity spans moved onto it (runtime.normalize)."""
    from dataclasses import replace

    from verdict.modeling.data.schema import Span
    from verdict.runtime.normalize import normalize

    clean = normalize(example.text)
    if clean.starts is None:
        return example
    spans = tuple(Span(*clean.to_clean(s.start, s.end), s.type) for s in example.entities)
    return replace(example, text=clean.text, entities=tuple(s for s in spans if s.end > s.start))


def encode_examples(tokenizer, examples, labels, cfg: TrainConfig) -> list[Window]:
    """Windows exactly as serving cuts them (runtime.windows.window_bounds), over normalized text."""
    examples = [prepared(ex) for ex in examples]
    encodings = tokenizer.encode_batch([ex.text for ex in examples], add_special_tokens=False)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    windows = []
    for i, (ex, enc) in enumerate(zip(examples, encodings)):
        windows += encode_example(
            enc,
            ex,
            i,
            labels,
            max_length=cfg.max_length,
            overlap=cfg.window_overlap,
            cls_id=cls_id,
            sep_id=sep_id,
        )
    return windows


def length_bucketed_batches(lengths: list[int], batch_size: int, seed: int, chunk: int) -> list[list[int]]:
    """Shuffle, sort by length within chunks of `chunk` batches, batch, shuffle the batches."""
    rng = random.Random(seed)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches = []
    span = batch_size * chunk
    for c in range(0, len(order), span):
        part = sorted(order[c : c + span], key=lengths.__getitem__)
        batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(windows: list[Window], teacher=None) -> dict:
    """Dynamic padding to the longest window of the batch."""
    import torch

    width = max(len(w.ids) for w in windows)
    input_ids = torch.zeros(len(windows), width, dtype=torch.long)  # [B, T], [PAD] = 0
    attention_mask = torch.zeros(len(windows), width, dtype=torch.long)  # [B, T]
    tags = torch.full((len(windows), width), IGNORE, dtype=torch.long)  # [B, T]
    for i, w in enumerate(windows):
        input_ids[i, : len(w.ids)] = torch.tensor(w.ids)
        attention_mask[i, : len(w.ids)] = 1
        tags[i, : len(w.tags)] = torch.tensor(w.tags)
    batch = {
        "input_ids": input_ids,
        "attention_mask": attention_mask,
        "tags": tags,
        "topics": torch.tensor([w.topics for w in windows]),  # [B, n_topics]
        "topic_mask": torch.tensor([w.topic_mask for w in windows]),  # [B, n_topics]
        "leak": torch.tensor([w.leak for w in windows]),  # [B, n_leak]
        "leak_mask": torch.tensor([w.leak_mask for w in windows]),  # [B, n_leak]
    }
    if teacher is not None:
        rows = torch.tensor([max(w.teacher, 0) for w in windows])
        batch["teacher"] = teacher[rows]  # [B, H]
        batch["teacher_mask"] = torch.tensor([float(w.teacher >= 0) for w in windows])  # [B]
    return batch


def pos_weights(windows: list[Window], attr: str, mask_attr: str, cap: float):
    """neg/pos per label over the windows where that label is known, capped (rare labels weigh more)."""
    import torch

    mask = torch.tensor([getattr(w, mask_attr) for w in windows])  # [N, L]
    y = torch.tensor([getattr(w, attr) for w in windows])  # [N, L]
    pos = (y * mask).sum(0)  # [L]
    neg = ((1 - y) * mask).sum(0)  # [L]
    return (neg / pos.clamp(min=1)).clamp(min=1.0, max=cap)


# -- loss -----------------------------------------------------------------------------------------


def masked_bce(logits, target, mask, pos_weight):
    """BCE averaged over the known (example, label) pairs (mask [B, L]); zero when none are."""
    import torch.nn.functional as F

    loss = F.binary_cross_entropy_with_logits(logits.float(), target, pos_weight=pos_weight, reduction="none")
    return (loss * mask).sum() / mask.sum().clamp(min=1.0)  # [B, L] * [B, L]


def compute_loss(outputs, batch, cfg: TrainConfig, tag_weight, topic_pw, leak_pw):
    import torch.nn.functional as F

    token_logits, topic_logits, leak_logits, embedding = outputs
    n_tags = token_logits.shape[-1]
    flat_tags = batch["tags"].view(-1)  # [B, T] -> [B*T]
    token_sum = F.cross_entropy(
        token_logits.float().view(-1, n_tags),
        flat_tags,  # [B*T, n_tags]
        weight=tag_weight,
        ignore_index=IGNORE,
        reduction="sum",
    )
    valid = flat_tags != IGNORE
    token = token_sum / tag_weight[flat_tags[valid]].sum().clamp(min=1.0)
    parts = {
        "token": token,
        "topic": masked_bce(topic_logits, batch["topics"], batch["topic_mask"], topic_pw),
        "leak": masked_bce(leak_logits, batch["leak"], batch["leak_mask"], leak_pw),
    }
    total = cfg.loss_token * parts["token"] + cfg.loss_topic * parts["topic"] + cfg.loss_leak * parts["leak"]
    if "teacher" in batch and cfg.distill_weight > 0:
        cos = (embedding.float() * batch["teacher"]).sum(-1)  # [B], both unit length
        m = batch["teacher_mask"]
        parts["distill"] = ((1 - cos) * m).sum() / m.sum().clamp(min=1.0)
        total = total + cfg.distill_weight * parts["distill"]
    return total, parts


# -- evaluation -----------------------------------------------------------------------------------


def bio_spans(tags: list[str]) -> set[tuple[str, int, int]]:
    """(type, start, end) spans of a BIO sequence, seqeval's lenient way: a stray I- starts a span."""
    spans, current = set(), None
    for i, tag in enumerate([*tags, "O"]):
        kind = tag[2:] if tag != "O" else None
        if current and (tag == "O" or tag.startswith("B-") or kind != current[0]):
            spans.add((current[0], current[1], i))
            current = None
        if kind and current is None:
            current = (kind, i)
    return spans


def f1(tp: float, fp: float, fn: float) -> float:
    return 2 * tp / max(2 * tp + fp + fn, 1e-9)


def evaluate(
    model, windows: list[Window], n_examples: int, cfg: TrainConfig, device, labels, targets
) -> dict:
    """Entity span F1 (per window); topic macro-F1, leak micro-F1 at 0.5 (max over an example's windows)."""
    import torch

    model.eval()
    topic_max = torch.full((n_examples, len(labels.topics)), -1e9)
    leak_max = torch.full((n_examples, len(labels.leakage)), -1e9)
    tp = fp = fn = 0
    order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
    with torch.no_grad():
        for b in range(0, len(order), 64):
            chunk = [windows[i] for i in order[b : b + 64]]
            batch = collate(chunk)
            with autocast(device):
                tok, top, lk, _ = model(batch["input_ids"].to(device), batch["attention_mask"].to(device))
            pred = tok.argmax(-1).cpu()  # [B, T]
            for row, w in enumerate(chunk):
                ex = w.example
                topic_max[ex] = torch.maximum(topic_max[ex], top[row].float().cpu())
                leak_max[ex] = torch.maximum(leak_max[ex], lk[row].float().cpu())
                if all(t == IGNORE for t in w.tags):  # entities not labeled for this example
                    continue
                n = len(w.tags) - 1
                gold = bio_spans([labels.token_tags[t] for t in w.tags[1:n]])
                guess = bio_spans([labels.token_tags[t] for t in pred[row, 1:n].tolist()])
                tp, fp, fn = tp + len(gold & guess), fp + len(guess - gold), fn + len(gold - guess)
    model.train()
    metrics = {"entity_f1": f1(tp, fp, fn)}
    topic_y, topic_m, leak_y, leak_m = targets  # truth and known-mask, [n_examples, n_labels] each
    pred_t, pred_l = (topic_max > 0).float(), (leak_max > 0).float()
    per_label = [_f1_known(p, g, m) for p, g, m in zip(pred_t.T, topic_y.T, topic_m.T) if (g * m).sum() > 0]
    if per_label:
        metrics["topic_macro_f1"] = sum(per_label) / len(per_label)
    if (leak_y * leak_m).sum() > 0:
        metrics["leak_f1"] = _f1_known(pred_l, leak_y, leak_m)
    scores = [metrics[k] for k in ("entity_f1", "topic_macro_f1", "leak_f1") if k in metrics]
    metrics["score"] = sum(scores) / len(scores)
    return metrics


def eval_targets(examples, labels):
    import torch

    topic_y = torch.tensor([[float(t in ex.topics) for t in labels.topics] for ex in examples])
    leak_y = torch.tensor([[float(t in ex.leakage) for t in labels.leakage] for ex in examples])
    topic_m = torch.tensor([[float(ex.known("topics", t)) for t in labels.topics] for ex in examples])
    leak_m = torch.tensor([[float(ex.known("leakage", t)) for t in labels.leakage] for ex in examples])
    shape = (len(examples), -1)
    return topic_y.reshape(shape), topic_m.reshape(shape), leak_y.reshape(shape), leak_m.reshape(shape)


def _f1_known(pred, gold, known) -> float:
    """F1 over the known entries only (all tensors the same shape, 0/1 floats)."""
    p, g = pred * known, gold * known
    return f1(float((p * g).sum()), float((p * (1 - g)).sum()), float(((1 - p) * g).sum()))


# -- plumbing -------------------------------------------------------------------------------------


def autocast(device):
    import contextlib

    import torch

    if device.type != "cuda":
        return contextlib.nullcontext()
    dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    return torch.autocast("cuda", dtype=dtype)


def build_model(cfg: TrainConfig):
    from verdict.runtime.model import VerdictModel, base_model_path, default_labels, tiny_encoder_config

    if cfg.init_from == "base":
        return VerdictModel.from_base(base_model_path(), default_labels(), head_dropout=cfg.head_dropout)
    if cfg.init_from == "tiny":
        return VerdictModel(tiny_encoder_config(), default_labels(), head_dropout=cfg.head_dropout)
    return VerdictModel.from_checkpoint(cfg.init_from)


def lr_schedule(optimizer, cfg: TrainConfig, total_steps: int, last_step: int = -1):
    """Linear warmup, then linear decay to 0 at total_steps (rebuilt when a time budget shortens the run)."""
    import torch

    warmup = max(int(cfg.warmup_fraction * total_steps), 1)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total_steps - step) / max(total_steps - warmup, 1))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, schedule, last_epoch=last_step)


def budget_steps(budget_s: float, elapsed_s: float, step: int, first_step: int, margin: float = 1.1) -> int:
    """The last step a run can reach within `budget_s`, at the rate it has gone since `first_step`."""
    rate = elapsed_s / max(step - first_step, 1)
    return step + max(int((budget_s - elapsed_s) / (rate * margin)), 1)


def encoder_depth(name: str, n_layers: int) -> int:
    """0 for the embeddings, k + 1 for encoder layer k, n_layers + 1 for anything above the encoder."""
    import re

    if not name.startswith("encoder."):
        return n_layers + 1
    if ".embeddings." in name:
        return 0
    found = re.search(r"\.layer\.(\d+)\.", name)
    return int(found.group(1)) + 1 if found else n_layers


def make_optimizer(model, cfg: TrainConfig, total_steps: int):
    import torch

    n_layers = model.config.num_hidden_layers
    groups: dict[tuple[float, float], list] = {}
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(not cfg.freeze_word_embeddings)
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        depth = encoder_depth(name, n_layers)
        if depth > n_layers:
            lr = cfg.lr_heads
        else:
            lr = cfg.lr_encoder * cfg.layer_decay ** (n_layers - depth)
        decay = cfg.weight_decay if p.ndim >= 2 and "LayerNorm" not in name else 0.0
        groups.setdefault((lr, decay), []).append(p)
    optimizer = torch.optim.AdamW(
        [{"params": params, "lr": lr, "weight_decay": decay} for (lr, decay), params in groups.items()],
        fused=True,
    )
    return optimizer, lr_schedule(optimizer, cfg, total_steps)


def save_atomic(directory: Path, write) -> None:
    """Write into <dir>.tmp, then swap it in: a kill mid-save never leaves a half-written checkpoint."""
    tmp, old = directory.with_name(directory.name + ".tmp"), directory.with_name(directory.name + ".old")
    shutil.rmtree(tmp, ignore_errors=True)
    write(tmp)
    if directory.exists():
        directory.rename(old)
    tmp.rename(directory)
    shutil.rmtree(old, ignore_errors=True)


def sample(examples: list, limit: int, seed: int) -> list:
    if not limit or len(examples) <= limit:
        return examples
    rng = random.Random(seed)
    return sorted(rng.sample(examples, limit), key=lambda ex: ex.id)


def oversampled(examples: list, cfg: TrainConfig) -> list:
    """Each example as many times as the largest oversampling factor of its source or its topic labels."""
    if not cfg.oversample_sources and not cfg.oversample_topics:
        return examples
    out = []
    for ex in examples:
        times = max(
            [cfg.oversample_sources.get(ex.source, 1), *(cfg.oversample_topics.get(t, 1) for t in ex.topics)]
        )
        out += [ex] * times
    return out


def teacher_embeddings(model, windows: list[Window], cfg: TrainConfig, device, cache: Path):
    """Embeddings of the initial model for a fraction of train windows, computed once and cached."""
    import torch

    rng = random.Random(cfg.seed + 1)
    chosen = sorted(rng.sample(range(len(windows)), int(cfg.distill_fraction * len(windows))))
    for row, i in enumerate(chosen):
        windows[i].teacher = row
    if cache.is_file():
        return torch.load(cache)
    model.eval()
    table = torch.zeros(len(chosen), model.config.hidden_size)  # [N_teacher, H]
    by_length = sorted(range(len(chosen)), key=lambda r: len(windows[chosen[r]].ids))
    with torch.no_grad():
        for b in range(0, len(by_length), 128):
            rows = by_length[b : b + 128]
            batch = collate([windows[chosen[r]] for r in rows])
            with autocast(device):
                emb = model(batch["input_ids"].to(device), batch["attention_mask"].to(device))[3]
            table[rows] = emb.float().cpu()
    model.train()
    torch.save(table, cache)
    return table


# -- the run --------------------------------------------------------------------------------------


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
    from tqdm import tqdm

    from verdict.modeling.data.schema import read_jsonl
    from verdict.runtime.model import TOKENIZER_FILE, base_model_path
    from verdict.runtime.windows import load_tokenizer

    device = torch.device(
        "cuda"
        if device_name == "auto" and torch.cuda.is_available()
        else ("cpu" if device_name == "auto" else device_name)
    )
    if device.type == "cpu":
        torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    last_dir, best_dir = out_dir / "last", out_dir / "best"
    resume = resume and (last_dir / "state.pt").is_file()

    model = build_model(cfg)
    labels = model.labels
    tokenizer_path = Path(cfg.init_from) if cfg.init_from not in ("base", "tiny") else base_model_path()
    tokenizer_path = tokenizer_path / TOKENIZER_FILE
    tokenizer = load_tokenizer(tokenizer_path)
    kept = [ex for ex in read_jsonl(data_dir / "train.jsonl") if ex.source not in cfg.exclude_sources]
    train_examples = oversampled(sample(kept, cfg.max_train_examples, cfg.seed), cfg)
    # Retraining: new labels (oversampled) on top of a replay sample of the original train set, so the
    # fine-tune learns the reviewed cases without forgetting the rest.
    extra = [ex for path in extra_data for ex in read_jsonl(path) if ex.split == "train"]
    train_examples += extra * cfg.extra_repeat
    dev_examples = sample(list(read_jsonl(data_dir / "dev.jsonl")), cfg.max_eval_examples, cfg.seed)
    train_windows = encode_examples(tokenizer, train_examples, labels, cfg)
    dev_windows = encode_examples(tokenizer, dev_examples, labels, cfg)
    dev_targets = eval_targets(dev_examples, labels)
    model.to(device)
    teacher = None
    if cfg.distill_weight > 0:
        started = time.time()
        teacher = teacher_embeddings(model, train_windows, cfg, device, out_dir / "teacher.pt")
        print(f"teacher embeddings: {len(teacher)} windows in {time.time() - started:.0f} s", flush=True)

    tag_weight = torch.ones(len(labels.token_tags), device=device)
    tag_weight[0] = cfg.o_weight
    topic_pw = pos_weights(train_windows, "topics", "topic_mask", cfg.pos_weight_cap).to(device)
    leak_pw = pos_weights(train_windows, "leak", "leak_mask", cfg.pos_weight_cap).to(device)

    lengths = [len(w.ids) for w in train_windows]
    per_epoch = math.ceil(len(train_windows) / cfg.batch_size)
    total_steps = math.ceil(cfg.epochs * per_epoch)
    if max_steps:
        total_steps = min(total_steps, max_steps)
    state = None
    if resume:
        from safetensors.torch import load_file

        model.load_state_dict(load_file(last_dir / "model.safetensors", device=str(device)))
        state = torch.load(last_dir / "state.pt", map_location=device, weights_only=False)
        total_steps = max_steps or state["total_steps"]  # the LR schedule continues unless told otherwise
    optimizer, scheduler = make_optimizer(model, cfg, total_steps)
    planned_steps = total_steps
    fp16_cuda = device.type == "cuda" and not torch.cuda.is_bf16_supported()
    scaler = torch.amp.GradScaler("cuda", enabled=fp16_cuda)
    step, best_score, bad_evals = 0, -1.0, 0
    if state is not None:
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        step, best_score, bad_evals = state["step"], state["best_score"], state["bad_evals"]
        torch.set_rng_state(state["rng"])
    print(f"init from {cfg.init_from}; {len(extra)} extra examples x{cfg.extra_repeat}", flush=True)
    print(
        f"train: {len(train_examples)} examples -> {len(train_windows)} windows, "
        f"mean {sum(lengths) / len(lengths):.0f} tokens; dev {len(dev_examples)}; {total_steps} steps "
        f"({per_epoch}/epoch) on {device}" + (f", resuming at step {step}" if resume else ""),
        flush=True,
    )

    def checkpoint_extra(metrics: dict) -> dict:
        base = "tiny-random-bert" if cfg.init_from == "tiny" else "all-MiniLM-L6-v2"
        return {"training": asdict(cfg), "step": step, "metrics": metrics, "base_model": base}

    def save_last() -> None:
        def write(d: Path) -> None:
            model.save_checkpoint(d, tokenizer_path=tokenizer_path, extra=checkpoint_extra({}))
            torch.save(
                {
                    "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(),
                    "step": step,
                    "best_score": best_score,
                    "bad_evals": bad_evals,
                    "total_steps": total_steps,
                    "rng": torch.get_rng_state(),
                },
                d / "state.pt",
            )

        save_atomic(last_dir, write)

    log = open(out_dir / "metrics.jsonl", "a", encoding="utf-8")  # noqa: SIM115 (closed after the loop)
    model.train()
    bar = tqdm(total=total_steps, initial=step, disable=not progress, dynamic_ncols=True)
    t0, t0_step, stopped = time.time(), step, False
    while step < total_steps and not stopped:
        epoch, index = divmod(step, per_epoch)
        batches = length_bucketed_batches(lengths, cfg.batch_size, cfg.seed + epoch, cfg.bucket_chunk)
        for ids in batches[index:]:
            batch = {k: v.to(device) for k, v in collate([train_windows[i] for i in ids], teacher).items()}
            with autocast(device):
                outputs = model(batch["input_ids"], batch["attention_mask"])
            loss, parts = compute_loss(outputs, batch, cfg, tag_weight, topic_pw, leak_pw)
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)
            scheduler.step()
            step += 1
            bar.update(1)
            bar.set_postfix(loss=f"{loss.item():.3f}", **{k: f"{v.item():.3f}" for k, v in parts.items()})
            if step - t0_step == 20:
                rate = (time.time() - t0) / 20
                bar.write(f"{rate:.2f} s/step; ETA {rate * (total_steps - step) / 60:.0f} min plus evals")
            # The budget is judged at step 20 and again every 100 steps, on the rate so far (evals
            # included): the run shrinks when the machine slows down and grows back (never past the
            # planned steps) when it speeds up, so a noisy first minute does not decide the whole run.
            if cfg.time_budget_min and (step - t0_step == 20 or (step - t0_step) % 100 == 0):
                fits = min(
                    planned_steps, budget_steps(cfg.time_budget_min * 60, time.time() - t0, step, t0_step)
                )
                if abs(fits - total_steps) > 0.02 * total_steps:
                    bar.write(f"time budget {cfg.time_budget_min:.0f} min: {fits} of {planned_steps} steps")
                    total_steps = fits
                    bar.total = total_steps
                    # last_step=step-1: construction steps it once, to `step`
                    scheduler = lr_schedule(optimizer, cfg, total_steps, last_step=step - 1)
            if step % cfg.eval_every == 0 or step == total_steps:
                metrics = evaluate(model, dev_windows, len(dev_examples), cfg, device, labels, dev_targets)
                improved = metrics["score"] > best_score
                best_score, bad_evals = (metrics["score"], 0) if improved else (best_score, bad_evals + 1)
                record = {
                    "step": step,
                    "loss": loss.item(),
                    "lr": max(scheduler.get_last_lr()),
                    "elapsed_s": round(time.time() - t0, 1),
                    **metrics,
                    "best": improved,
                }
                log.write(json.dumps(record) + "\n")
                log.flush()
                bar.write(f"step {step}: " + " ".join(f"{k} {v:.4f}" for k, v in metrics.items()))
                if improved:
                    save_atomic(
                        best_dir,
                        lambda d, metrics=metrics: model.save_checkpoint(
                            d, tokenizer_path=tokenizer_path, extra=checkpoint_extra(metrics)
                        ),
                    )
                stopped = bad_evals >= cfg.patience
            if step % cfg.checkpoint_every == 0 or step == total_steps or stopped:
                save_last()
            if cfg.snapshot_every and (step % cfg.snapshot_every == 0 or step == total_steps or stopped):
                save_atomic(
                    out_dir / f"step-{step}",
                    lambda d: model.save_checkpoint(
                        d, tokenizer_path=tokenizer_path, extra=checkpoint_extra({})
                    ),
                )
            if step >= total_steps or stopped:
                break
    bar.close()
    summary = {
        "step": step,
        "best_score": best_score,
        "stopped_early": stopped,
        "s_per_step": (time.time() - t0) / max(step - t0_step, 1),
    }
    log.write(json.dumps({"summary": summary}) + "\n")
    log.close()
    print(f"done: {summary}; best checkpoint {best_dir}")
    return summary


# -- CLI ------------------------------------------------------------------------------------------


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
