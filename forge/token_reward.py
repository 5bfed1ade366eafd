"""The token-level reward model of the fine-grained supervision paper (Xu et al. 2024):
a classifier over {negative, neutral, positive} at every answer token, trained on the
labels that minimal edits imply; its reward at token t is p_pos(t) - p_neg(t)."""
from dataclasses import replace

import torch
import torch.nn.functional as F

from data import batch_indices, edit_token_labels, load, pad
from model import Transformer, save_model
from tokenizer import Tokenizer
import trainer

LABELS = ["negative", "neutral", "positive"]


def labelled_sequences(tok, edits, max_len: int):
    """[(ids, labels)] with labels -1/0/+1 on answer tokens and None on the prompt."""
    out = []
    for e in edits:
        prompt = tok.chat(e["instruction"])
        worse, better = tok.encode(e["worse"]), tok.encode(e["better"])
        lw, lb = edit_token_labels(worse, better)
        for ans, lab in ((worse, lw), (better, lb)):
            ids = (prompt + ans)[:max_len]
            out.append((ids, ([None] * len(prompt) + lab)[:max_len]))
    return out


def token_rewards(model, seqs):
    ids, mask = pad(seqs)
    p = torch.softmax(model(ids, mask)[0], -1)
    return p[..., 2] - p[..., 0]


def train_token_rm(cfg, data_dir: str, tok_path: str, out_path: str, ckpt: str, key: str, log):
    tok = Tokenizer.load(tok_path)
    data = labelled_sequences(tok, load(data_dir, "edits", "train"), cfg.rm.max_len)
    torch.manual_seed(cfg.seed + 2)
    model = Transformer(replace(cfg.rm, vocab_size=tok.vocab_size, head="token", n_out=len(LABELS)))
    counts = torch.zeros(3)
    for _, lab in data:
        for l in lab:
            if l is not None:
                counts[l + 1] += 1
    weight = counts.sum() / (3 * counts.clamp(min=1))  # balance the rare edited tokens
    log(f"{model.n_params():,} parameters, {len(data):,} sequences, label counts {counts.tolist()}")

    def step(i):
        b = [data[j] for j in batch_indices(len(data), cfg.batch, cfg.seed, i)]
        ids, mask = pad([s for s, _ in b])
        target = torch.full(ids.shape, -100, dtype=torch.long)
        for r, (_, lab) in enumerate(b):
            target[r, :len(lab)] = torch.tensor([-100 if l is None else l + 1 for l in lab])
        logits = model(ids, mask)[0]
        loss = F.cross_entropy(logits.reshape(-1, 3), target.reshape(-1), weight=weight, ignore_index=-100)
        return loss, {"loss": loss.item(), "tokens": int(mask.sum())}

    metrics = trainer.train(model, step, steps=cfg.token_rm_steps, lr=cfg.rm_lr, ckpt_path=ckpt, key=key, log=log,
                            warmup=max(1, cfg.token_rm_steps // 20), weight_decay=0.1)
    save_model(model, out_path)
    return {"params": model.n_params(), "sequences": len(data), "final_loss": metrics["loss"]}
