"""The sequence reward model: one scalar head per dimension plus an overall head, each
trained with the Bradley-Terry loss -log σ(r_h(y_w) - r_h(y_l)) on pairs that the
oracle ranks on that dimension.

Its trunk starts from the pretrained ARM base LM, as reward models usually start from a
language model of the domain: relevance asks whether the answer names the detail of the
question (a cough, not a headache), and an LM trained to copy those details learns that
comparison faster than random weights. Trial runs (held-out relevance accuracy): 0.824
after 600 steps from scratch with every head an equal share of the batch, 0.86 after 400
from the LM, 0.935 after 300 of 600 from the LM with relevance's larger share below."""
from dataclasses import replace

import torch
import torch.nn.functional as F

from config import RM_DIMS
from data import batch_indices, dim, expertise_in, load, pad, preference_pairs
from model import Transformer, load_model, save_model
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


def init_from_lm(lm_path: str) -> Transformer:
    """A sequence-head model with the LM's trunk and a fresh head, one output per RM head."""
    lm = load_model(lm_path)
    if lm.cfg.head != "lm":
        raise ValueError(f"{lm_path} does not fit a sequence RM: it has a {lm.cfg.head!r} head, not a language model's")
    model = Transformer(replace(lm.cfg, head="seq", n_out=len(RM_DIMS)))
    missing, unexpected = model.load_state_dict(lm.state_dict(), strict=False)
    assert missing == ["score.weight"] and not unexpected, (missing, unexpected)
    return model


def batch_shares(cfg) -> list:
    """Pairs per batch for each head (cfg.rm_head_shares, in RM_DIMS order)."""
    if len(cfg.rm_head_shares) != len(RM_DIMS):
        raise ValueError(f"rm_head_shares needs one count per head {RM_DIMS}, got {cfg.rm_head_shares}")
    return list(cfg.rm_head_shares)


def train_rm(cfg, data_dir: str, tok_path: str, lm_path: str, out_path: str, ckpt: str, key: str, log):
    tok = Tokenizer.load(tok_path)
    pairs = rm_pairs(load(data_dir, "groups", "train"))
    torch.manual_seed(cfg.seed + 1)
    model = init_from_lm(lm_path)
    log(f"{model.n_params():,} parameters from {lm_path}, {len(pairs):,} pairs over {len(RM_DIMS)} heads")

    # each head has a fixed share of every batch, not one in proportion to its pair count
    # (the relevance head then saw a twelfth of the pairs and ended at 0.855 held-out accuracy);
    # relevance and overall, the heads that need the question compared with the answer, get more
    by_head = [[p for p in pairs if p[0] == h] for h in range(len(RM_DIMS))]
    shares = batch_shares(cfg)

    def step(i):
        b = [hp[j] for h, hp in enumerate(by_head) if hp for j in batch_indices(len(hp), shares[h], cfg.seed + h, i)]
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
