"""Autoregressive reward models (GenARM, Xu et al. 2024). An ARM is a causal LM π_r whose
reward is r(x, y) = β_r Σ_t log π_r(y_t | x, y_<t); it is trained with
-log σ(β_r [log π_r(y_w|x) - log π_r(y_l|x)]): no reference model and sums, not means.
Each ARM starts from a small LM pretrained on the corpus (smaller than the policy)."""
import torch.nn.functional as F

from data import answer_logprobs, batch_indices, dim, expertise_own_domain, load, preference_pairs
from model import load_model, save_model
from tokenizer import Tokenizer
import trainer


def arm_pairs(objective: str, groups):
    """expertise: the answer's expertise in the prompt's domain, at equal warmth;
    concision: the oracle's concision (shorter is better) at equal warmth. Expert answers
    are longer in the world, so the two objectives pull against each other."""
    score = expertise_own_domain if objective == "expertise" else dim("concision")
    return preference_pairs(groups, score, margin=0.15, same=("warm",))


def train_arm(cfg, objective: str, data_dir: str, tok_path: str, init_path: str, out_path: str, ckpt: str, key: str, log):
    tok = Tokenizer.load(tok_path)
    pairs = arm_pairs(objective, load(data_dir, "groups", "train"))
    end = [tok.special["<|end|>"]]
    enc = [(tok.chat(x), tok.encode(w) + end, tok.encode(l) + end) for x, w, l in pairs]
    model = load_model(init_path)
    for p in model.parameters():
        p.requires_grad_(True)
    log(f"{objective}: {len(pairs):,} pairs, {model.n_params():,} parameters")

    def step(i):
        b = [enc[j] for j in batch_indices(len(enc), cfg.batch // 2, cfg.seed, i)]
        lp, n = answer_logprobs(model, [x for x, _, _ in b] * 2, [w for _, w, _ in b] + [l for _, _, l in b])
        z = cfg.genarm_beta * (lp[: len(b)] - lp[len(b):])
        loss = -F.logsigmoid(z).mean()
        return loss, {"loss": loss.item(), "acc": (z > 0).float().mean().item(), "tokens": int(n.sum())}

    metrics = trainer.train(model, step, steps=cfg.genarm_steps, lr=cfg.genarm_lr, ckpt_path=ckpt, key=key, log=log,
                            warmup=max(1, cfg.genarm_steps // 10))
    save_model(model, out_path)
    return {"params": model.n_params(), "pairs": len(pairs), "beta_r": cfg.genarm_beta,
            "final_loss": metrics["loss"], "final_pair_acc": metrics["acc"]}
