"""Aligned policies by DPO from the base (the Alignment Vectors paper's choice):
loss = -log σ(β[(log π(y_w|x) - log π_ref(y_w|x)) - (log π(y_l|x) - log π_ref(y_l|x))]),
π_ref = the frozen base. The alignment vector is then AV = θ_aligned - θ_base."""
import copy

import torch
import torch.nn.functional as F

from data import answer_logprobs, batch_indices, dim, expertise_in, load, preference_pairs
from model import load_model, save_model
from tokenizer import Tokenizer
import trainer


def av_pairs(dimension: str, groups):
    """Expertise dimensions compare levels on their own domain's prompts, at equal warmth;
    warmth compares warm and cold answers of the same level."""
    if dimension == "warmth":
        return preference_pairs(groups, dim("warmth"), margin=0.2, same=("level",))
    return preference_pairs(groups, expertise_in(dimension), margin=0.2, same=("warm",))


def train_dpo(cfg, dimension: str, data_dir: str, tok_path: str, base_path: str, out_path: str, ckpt: str, key: str, log):
    tok = Tokenizer.load(tok_path)
    pairs = av_pairs(dimension, load(data_dir, "groups", "train"))
    if not pairs:
        raise RuntimeError(f"no preference pairs for {dimension}")
    enc = [(tok.chat(x), tok.encode(w) + [tok.special["<|end|>"]], tok.encode(l) + [tok.special["<|end|>"]]) for x, w, l in pairs]
    ref = load_model(base_path)
    for p in ref.parameters():
        p.requires_grad_(False)
    policy = copy.deepcopy(ref)
    for p in policy.parameters():
        p.requires_grad_(True)
    log(f"{dimension}: {len(pairs):,} pairs")

    def step(i):
        b = [enc[j] for j in batch_indices(len(enc), cfg.batch // 2, cfg.seed, i)]
        prompts = [x for x, _, _ in b] * 2
        answers = [w for _, w, _ in b] + [l for _, _, l in b]
        lp, n = answer_logprobs(policy, prompts, answers)
        with torch.no_grad():
            lr_, _ = answer_logprobs(ref, prompts, answers)
        margin = (lp - lr_)
        h = len(b)
        z = cfg.dpo_beta * (margin[:h] - margin[h:])
        loss = -F.logsigmoid(z).mean()
        return loss, {"loss": loss.item(), "acc": (z > 0).float().mean().item(), "tokens": int(n.sum())}

    metrics = trainer.train(policy, step, steps=cfg.dpo_steps, lr=cfg.dpo_lr, ckpt_path=ckpt, key=key, log=log,
                            warmup=max(1, cfg.dpo_steps // 10))
    save_model(policy, out_path)
    return {"pairs": len(pairs), "final_loss": metrics["loss"], "final_pair_acc": metrics["acc"]}
