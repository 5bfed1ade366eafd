"""Self-play preference optimisation (SPPO, Wu et al. 2024) and iterative DPO on the same
samples, one iteration per call.

Each iteration t takes fresh training prompts (a disjoint slice per iteration, as the paper
does), samples K answers per prompt from the start-of-iteration policy π_t and asks a
preference model which answers win. Ours is the sequence RM's `overall` head read as a
Bradley-Terry model, P(y ≻ y' | x) = σ(r(x, y) − r(x, y')). Then:

- SPPO estimates each answer's win rate against the policy from its K samples,
  P̂(y ≻ π_t | x) = 1/K Σ_k P(y ≻ y_k | x) (the sum includes y itself at ½), and minimises
  the square loss of eq. (3.6): (log π_θ(y|x)/π_t(y|x) − η(P̂(y ≻ π_t | x) − ½))².
- Iterative DPO takes the best and the worst of the K answers by the same reward as
  (y_w, y_l) and minimises the DPO loss with π_t as the reference, for as many steps of as
  many sequences as SPPO takes (equal compute).

Both start each iteration from the previous one's policy; iteration 1 of both starts from
the base policy with the same seed, so it sees the same samples."""
import copy
import time

import torch
import torch.nn.functional as F

from config import RM_DIMS
from data import answer_logprobs, batch_indices, train_instructions
from model import load_model, save_model
from reward import rm_scores
from sample import generate
from tokenizer import Tokenizer
import trainer

METHODS = ("sppo", "idpo")
OVERALL = RM_DIMS.index("overall")


def iteration_prompts(data_dir: str, iteration: int, per_iteration: int, seed: int) -> list:
    """The training prompts of iteration t (1-based): a disjoint slice of the shuffled
    training groups' instructions, so every iteration sees prompts it has not seen."""
    instructions = train_instructions(data_dir)
    order = torch.randperm(len(instructions), generator=torch.Generator().manual_seed(seed)).tolist()
    start = (iteration - 1) * per_iteration
    if start + per_iteration > len(order):
        raise ValueError(f"iteration {iteration} needs {start + per_iteration} prompts; the data has {len(order)}")
    return [instructions[i] for i in order[start:start + per_iteration]]


def bt_win_rates(rewards: torch.Tensor) -> torch.Tensor:
    """P̂(y_i ≻ π_t) = 1/K Σ_k σ(r_i − r_k) for one prompt's K rewards (the k = i term is ½)."""
    return torch.sigmoid(rewards[:, None] - rewards[None, :]).mean(1)


def sppo_loss(logratio: torch.Tensor, win_rate: torch.Tensor, eta: float) -> torch.Tensor:
    """SPPO eq. (3.6): the log-ratio to π_t regressed onto η(P̂ − ½)."""
    return (logratio - eta * (win_rate - 0.5)).pow(2).mean()


def dpo_loss(logratio_w: torch.Tensor, logratio_l: torch.Tensor, beta: float) -> torch.Tensor:
    return -F.logsigmoid(beta * (logratio_w - logratio_l)).mean()


@torch.no_grad()
def self_play_samples(cfg, policy, rm, tok, prompts: list, seed: int) -> list:
    """[(prompt ids, [K answer ids ending in <|end|> when the answer ended], K rewards)]."""
    end = tok.special["<|end|>"]
    k = cfg.sppo_k
    out = []
    chunk = max(1, 256 // k)  # prompts decoded together: K rows each
    for c in range(0, len(prompts), chunk):
        xs = prompts[c:c + chunk]
        ids = [tok.chat(x) for x in xs for _ in range(k)]
        answers = generate(policy, ids, end, cfg.max_new_tokens, cfg.temperature, seed=seed + c)
        items = [(xs[i // k], tok.decode(a)) for i, a in enumerate(answers)]
        rewards = rm_scores(rm, tok, items, cfg.rm.max_len)[:, OVERALL]
        for i, x in enumerate(xs):
            group = answers[i * k:(i + 1) * k]
            out.append((tok.chat(x), [a + [end] if len(a) < cfg.max_new_tokens else a for a in group],
                        rewards[i * k:(i + 1) * k].float()))
    return out


def train_iteration(cfg, method: str, iteration: int, data_dir: str, tok_path: str, start_path: str, rm_path: str,
                    out_path: str, ckpt: str, key: str, log) -> dict:
    """One SPPO or iterative-DPO iteration from the policy at start_path (π_t)."""
    if method not in METHODS:
        raise ValueError(f"method {method!r}: expected one of {METHODS}")
    tok = Tokenizer.load(tok_path)
    ref = load_model(start_path)
    for p in ref.parameters():
        p.requires_grad_(False)
    rm = load_model(rm_path)
    prompts = iteration_prompts(data_dir, iteration, cfg.sppo_prompts, cfg.seed)
    # the same seed for both methods: iteration 1 of each samples the same answers from the base
    t0 = time.time()
    samples = self_play_samples(cfg, ref, rm, tok, prompts, seed=cfg.seed + 1000 * iteration)
    rewards = torch.stack([r for _, _, r in samples])
    log(f"{method} iteration {iteration}: {len(prompts)} prompts × {cfg.sppo_k} answers in {time.time() - t0:.0f}s, "
        f"reward mean {rewards.mean():.3f}, spread within a prompt {rewards.std(1).mean():.3f}")

    if method == "sppo":
        items = [(x, a, float(p)) for x, answers, r in samples for a, p in zip(answers, bt_win_rates(r))]
    else:
        items = [(x, answers[int(r.argmax())], answers[int(r.argmin())]) for x, answers, r in samples
                 if r.max() > r.min()]
    policy = copy.deepcopy(ref)
    for p in policy.parameters():
        p.requires_grad_(True)
    # equal compute: both methods take SPPO's number of steps over cfg.batch sequences each
    # (DPO: cfg.batch // 2 pairs), so DPO, with one pair per prompt, sees each pair ~K/2 times
    steps = max(1, cfg.sppo_epochs * cfg.sppo_k * len(samples) // cfg.batch)
    per_step = cfg.batch if method == "sppo" else cfg.batch // 2

    def logratios(xs, ys):
        lp, n = answer_logprobs(policy, xs, ys)
        with torch.no_grad():
            lr_, _ = answer_logprobs(ref, xs, ys)
        return lp - lr_, int(n.sum())

    def step(i):
        b = [items[j] for j in batch_indices(len(items), per_step, cfg.seed + iteration, i)]
        if method == "sppo":
            ratio, n = logratios([x for x, _, _ in b], [y for _, y, _ in b])
            loss = sppo_loss(ratio, torch.tensor([p for _, _, p in b]), cfg.sppo_eta)
            return loss, {"loss": loss.item(), "logratio": ratio.mean().item(), "tokens": n}
        h = len(b)
        ratio, n = logratios([x for x, _, _ in b] * 2, [w for _, w, _ in b] + [l for _, _, l in b])
        loss = dpo_loss(ratio[:h], ratio[h:], cfg.dpo_beta)
        return loss, {"loss": loss.item(), "acc": (ratio[:h] > ratio[h:]).float().mean().item(), "tokens": n}

    metrics = trainer.train(policy, step, steps=steps, lr=cfg.sppo_lr, ckpt_path=ckpt, key=key, log=log,
                            warmup=max(1, steps // 10))
    save_model(policy, out_path)
    return {"method": method, "iteration": iteration, "prompts": len(prompts), "items": len(items), "steps": steps,
            "sample_reward_mean": float(rewards.mean()), "final_loss": metrics["loss"],
            "tokens_per_s": metrics["tokens_per_s"]}
