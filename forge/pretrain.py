"""Causal LM pretraining on the world corpus, instruction to answer, in the chat format.
Used for the base policy and for the smaller LM that each ARM starts from."""
from dataclasses import replace

import torch

from data import length_batch, lm_loss, load
from model import Transformer, save_model
from tokenizer import Tokenizer
import trainer


def pretrain(cfg, shape, steps: int, lr: float, data_dir: str, tok_path: str, out_path: str, ckpt: str, key: str, log):
    tok = Tokenizer.load(tok_path)
    rows = load(data_dir, "corpus", "train")
    seqs = [tok.chat(r["instruction"], r["answer"])[: shape.max_len] for r in rows]
    torch.manual_seed(cfg.seed)
    model = Transformer(replace(shape, vocab_size=tok.vocab_size, head="lm"))
    log(f"{model.n_params():,} parameters, {len(seqs):,} training sequences")

    by_length = sorted(range(len(seqs)), key=lambda j: (len(seqs[j]), j))

    def step(i):
        loss, n = lm_loss(model, [seqs[j] for j in length_batch(by_length, cfg.batch, cfg.seed, i)])
        return loss, {"loss": loss.item(), "tokens": n}

    metrics = trainer.train(model, step, steps=steps, lr=lr, ckpt_path=ckpt, key=key, log=log,
                            warmup=min(200, steps // 10), weight_decay=0.1)
    metrics["held_out_loss"] = held_out_loss(model, tok, load(data_dir, "corpus", "test"), shape.max_len)
    log(f"held-out loss {metrics['held_out_loss']:.4f}")
    save_model(model, out_path)
    return {"params": model.n_params(), "final_loss": metrics["loss"], **metrics}


@torch.no_grad()
def held_out_loss(model, tok, rows, max_len: int, limit: int = 1024) -> float:
    seqs = [tok.chat(r["instruction"], r["answer"])[:max_len] for r in rows[:limit]]
    total, count = 0.0, 0
    for i in range(0, len(seqs), 64):
        loss, n = lm_loss(model, seqs[i:i + 64])
        total, count = total + loss.item() * n, count + n
    return total / max(count, 1)
