"""One training loop for every stage: AdamW, linear warm-up then cosine decay, gradient
clipping, a log line every few steps, and checkpoints that make an interrupted stage
resume where it stopped. Batches are a pure function of the step number, so a resumed
run sees exactly the batches an uninterrupted one would have seen."""
import math
import os
import time

import torch

from stage import atomic_torch_save


def lr_at(step: int, steps: int, lr: float, warmup: int) -> float:
    if step < warmup:
        return lr * (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def train(model, loss_fn, *, steps: int, lr: float, ckpt_path: str, key: str, log,
          warmup: int = 50, weight_decay: float = 0.0, ckpt_every: int = 200, clip: float = 1.0,
          params=None):
    """loss_fn(step) -> (loss tensor, dict of floats to log). Returns the last logged metrics."""
    params = [p for p in (params or model.parameters()) if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, betas=(0.9, 0.95), weight_decay=weight_decay)
    start = 0
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        if ck["key"] == key:
            model.load_state_dict(ck["model"])
            opt.load_state_dict(ck["opt"])
            start = ck["step"]
            log(f"resuming from checkpoint at step {start}/{steps}")
    model.train()
    metrics, t0, tokens = {}, time.time(), 0
    for step in range(start, steps):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, steps, lr, warmup)
        loss, metrics = loss_fn(step)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, clip)
        opt.step()
        tokens += metrics.pop("tokens", 0)
        if step % 50 == 0 or step == steps - 1:
            rate = tokens / max(time.time() - t0, 1e-9)
            shown = " ".join(f"{k}={v:.4f}" for k, v in metrics.items())
            log(f"step {step + 1}/{steps} {shown} tok/s={rate:.0f}")
        if (step + 1) % ckpt_every == 0 and step + 1 < steps:
            atomic_torch_save({"key": key, "step": step + 1, "model": model.state_dict(),
                               "opt": opt.state_dict()}, ckpt_path)
    model.eval()
    metrics["tokens_per_s"] = tokens / max(time.time() - t0, 1e-9)
    return metrics
