"""The sequence reward model: one scalar head per dimension plus an overall head, each
trained with the Bradley-Terry loss -log σ(r_h(y_w) - r_h(y_l)) on pairs that the
oracle ranks on that dimension."""
from dataclasses import replace

import torch
import torch.nn.functional as F

from config import RM_DIMS
from data import batch_indices, dim, expertise_in, load, pad, preference_pairs
from model import Transformer, save_model
from tokenizer import Tokenizer
import trainer


def rm_pairs(groups):
    """[(head index, instruction, chosen, rejected)] over all heads."""
    out = []
    for h, name in enumerate(RM_DIMS):
        score = expertise_in(name) if name in ("medical", "legal", "financial") else dim(name)
        out += [(h, x, w, l) for x, w, l in preference_pairs(groups, score, margin=0.1, same=())]
    return out


def rm_scores(model, tok, items, max_len: int):
    """Reward heads (B, n_heads) for [(instruction, answer)]."""
    ids, mask = pad([tok.chat(x, a)[-max_len:] for x, a in items])
    return model(ids, mask)[0]


def train_rm(cfg, data_dir: str, tok_path: str, out_path: str, ckpt: str, key: str, log):
    tok = Tokenizer.load(tok_path)
    pairs = rm_pairs(load(data_dir, "groups", "train"))
    torch.manual_seed(cfg.seed + 1)
    model = Transformer(replace(cfg.rm, vocab_size=tok.vocab_size, head="seq", n_out=len(RM_DIMS)))
    log(f"{model.n_params():,} parameters, {len(pairs):,} pairs over {len(RM_DIMS)} heads")

    # every head gets the same share of each batch: drawn in proportion to their pair counts,
    # the relevance head saw a twelfth of the pairs and ended at 0.855 held-out accuracy
    by_head = [[p for p in pairs if p[0] == h] for h in range(len(RM_DIMS))]
    per_head = max(1, cfg.batch // len(RM_DIMS))

    def step(i):
        b = [hp[j] for h, hp in enumerate(by_head) if hp for j in batch_indices(len(hp), per_head, cfg.seed + h, i)]
        r = rm_scores(model, tok, [(x, w) for _, x, w, _ in b] + [(x, l) for _, x, _, l in b], cfg.rm.max_len)
        heads = torch.tensor([h for h, *_ in b])
        n = len(b)
        diff = r[torch.arange(n), heads] - r[n + torch.arange(n), heads]
        loss = -F.logsigmoid(diff).mean()
        return loss, {"loss": loss.item(), "acc": (diff > 0).float().mean().item(), "tokens": 0}

    metrics = trainer.train(model, step, steps=cfg.rm_steps, lr=cfg.rm_lr, ckpt_path=ckpt, key=key, log=log,
                            warmup=max(1, cfg.rm_steps // 20), weight_decay=0.1)
    save_model(model, out_path)
    return {"params": model.n_params(), "pairs": len(pairs), "final_loss": metrics["loss"]}
