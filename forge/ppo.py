"""PPO from the base policy with a KL penalty, on a sequence-level or a token-level reward:
the comparison of the fine-grained supervision paper (Xu et al. 2024, arXiv 2406.02756),
whose fine-grained PPO gives the token-level reward model's reward at every token instead
of one reward for the whole answer.

Both variants run this one loop; only `task_rewards` differs (`reward_kind`):

- "sequence": the sequence RM's `overall` head for prompt + answer + <|end|>, given at the
  answer's last action (the <|end|> token when the answer ended, else its last token);
- "token": the token RM's p_pos - p_neg at every answer token (it reads prompt + answer, as
  it was trained); the <|end|> action gets 0, a label the token RM never learned.

Everything else is shared, with the same seeds: the prompts of each iteration (fresh
training prompts, a seeded shuffle of the deduplicated train-split instructions), the
number of rollouts, epochs and minibatches, the critic and its initialisation.

The per-token reward is the task reward minus a KL penalty to the frozen base (Ziegler et
al. 2019 eq. 2, InstructGPT eq. 2, applied per token as in fine-grained RLHF, Wu et al. 2023):
    r_t = s · task_t - β (log π_old(y_t | x, y_<t) - log π_base(y_t | x, y_<t)).
Advantages by GAE (Schulman et al. 2016; PPO paper eqs. 11-12) with γ = 1, λ = 0.95:
    δ_t = r_t + γ V(s_{t+1}) - V(s_t),  Â_t = δ_t + γλ Â_{t+1},  V after the last action = 0,
whitened over the rollout batch; returns Â_t + V(s_t) are the critic's targets. The policy
minimises the clipped surrogate (PPO paper eq. 7), averaged over all action tokens:
    -min(ρ_t Â_t, clip(ρ_t, 1 - ε, 1 + ε) Â_t),  ρ_t = π_θ(y_t | ·) / π_old(y_t | ·),
and the critic 0.5 (V - return)², unclipped (value clipping slows a critic that starts far
from its targets and did not help in Andrychowicz et al. 2021).

Reward scale. The `overall` head and the token rewards live on unrelated scales, and β
means "nats of KL per unit of reward", so the task reward is multiplied by a fixed
s = 1 / std over answers of Σ_t task_t, measured on the first rollout batch, which the base
policy samples. Both variants thus start with the same total reward variance (1) and the
same β trades the same amount of KL for it. The scale is only a multiplier, never a shift:
subtracting a constant from every token's reward would add a length bonus or penalty to
the token variant. It is fixed for the run (stored in the checkpoint), so the reward that
PPO maximises does not drift as it would with per-batch whitening.

Length. An answer cut at max_new_tokens (it never sampled <|end|>) loses
ppo_truncation_penalty (1, in units of the scaled reward; 0 = off) at its last token, in
both variants alike, as RLHF set-ups commonly penalise a missing end-of-sequence. Without it
the token variant learned that once its per-token rewards were positive every extra token
paid: on the full suite (30 iterations of 64) its answers ran to the limit (86 of 96
tokens, 34% ended, oracle well-formedness 0.72, win rate against the base 0.27), while with
it they stayed at the base's length and it won 0.86 against the base.

Budget. 30 iterations of 64 rollouts (1,920 answers) per variant. At 60 the token variant
kept lengthening its answers (68 tokens, KL 13 nats) and its oracle edge over the sequence
variant went from 0.74 to 0.47 ± 0.04: over-optimisation of the token RM, not more learning.

Critic. A separate model with the reward models' shape (cfg.rm: about a third of the
policy's compute per token), its trunk initialised from the sequence RM (InstructGPT
initialises its value function from the RM) and a zero scalar head on every position.
A value head on the policy's own trunk would save that third, but its regression loss
would move the very weights the comparison is about, and the two variants' value losses
differ. The same initial critic serves both variants.

Rollouts sample at temperature 1: the ratios ρ_t and the KL estimate are those of the
policy's own distribution. Evaluation samples at cfg.temperature (see winrate.py).

Resumable: a checkpoint (policy, critic, both optimisers, the reward scale and the history)
is written at iteration boundaries under the stage key; every iteration's prompts, sampling
seed and minibatch order are a function of the iteration number, so a resumed run ends with
the weights an uninterrupted one would have.
"""
from dataclasses import replace
import os
import time

import torch
import torch.nn as nn

from config import RM_DIMS
from data import pad, train_instructions
from model import Transformer, load_model, save_model
from sample import generate
from stage import atomic_torch_save
from token_reward import token_rewards
from tokenizer import Tokenizer

KINDS = ("sequence", "token")
OVERALL = RM_DIMS.index("overall")


PPO_SETTINGS = ("ppo_iterations", "ppo_rollouts", "ppo_minibatch", "ppo_epochs", "ppo_lr", "ppo_critic_lr", "ppo_kl",
                "ppo_clip", "ppo_gamma", "ppo_lambda", "ppo_truncation_penalty", "ppo_ckpt_every")


def ppo_settings(cfg) -> dict:
    """The PPO settings (config.py documents them): the stages' key holds this dict."""
    return {k: getattr(cfg, k) for k in PPO_SETTINGS}


# ---------------------------------------------------------------- the math, on tensors

def masked_mean(x, mask):
    return (x * mask).sum() / mask.sum().clamp(min=1)


def whiten(x, mask, eps: float = 1e-8):
    mean = masked_mean(x, mask)
    var = masked_mean((x - mean) ** 2, mask)
    return (x - mean) * torch.rsqrt(var + eps) * mask


def gae(rewards, values, mask, gamma: float, lam: float):
    """Advantages and returns for (B, T) tensors whose row b holds its actions at columns
    0..n_b-1 (mask 1) and padding after. The state after the last action is terminal."""
    values = values * mask
    adv = torch.zeros_like(rewards)
    last = torch.zeros(rewards.shape[0])
    for t in reversed(range(rewards.shape[1])):
        next_v = values[:, t + 1] if t + 1 < rewards.shape[1] else torch.zeros_like(last)
        delta = rewards[:, t] + gamma * next_v - values[:, t]
        last = (delta + gamma * lam * last) * mask[:, t]
        adv[:, t] = last
    return adv, (adv + values) * mask


def shaped_rewards(task, kl, actions, end_id: int, scale: float, beta: float, truncation_penalty: float = 0.0):
    """r_t = s·task_t - β·kl_t per action (kl_t = log π_old(y_t) - log π_base(y_t)), less the
    truncation penalty at the last action of an answer that has no <|end|>."""
    rewards = scale * task - beta * kl
    for i, a in enumerate(actions):
        if a[-1] != end_id:
            rewards[i, len(a) - 1] -= truncation_penalty
    return rewards


def clipped_policy_loss(logp, old_logp, adv, mask, clip: float):
    """PPO's clipped surrogate, negated, averaged over action tokens; also the fraction of
    tokens where the clipped term was the one taken."""
    ratio = torch.exp(logp - old_logp)
    unclipped = ratio * adv
    clipped = ratio.clamp(1 - clip, 1 + clip) * adv
    loss = masked_mean(-torch.min(unclipped, clipped), mask)
    clipfrac = masked_mean((clipped < unclipped).float(), mask)
    return loss, clipfrac


def value_loss(values, returns, mask):
    return 0.5 * masked_mean((values - returns) ** 2, mask)


# ---------------------------------------------------------------- sequences and models

def layout(prompts, actions):
    """One batch for every model: prompts left-padded to a common end P, actions after it,
    so action j of every row sits at column P + j and is predicted at column P - 1 + j.
    Returns ids, attention mask, P and the (B, T) action mask."""
    P, T = max(len(p) for p in prompts), max(len(a) for a in actions)
    ids = torch.zeros(len(prompts), P + T, dtype=torch.long)
    mask = torch.zeros_like(ids)
    amask = torch.zeros(len(prompts), T)
    for i, (p, a) in enumerate(zip(prompts, actions)):
        ids[i, P - len(p):P + len(a)] = torch.tensor(p + a)
        mask[i, P - len(p):P + len(a)] = 1
        amask[i, :len(a)] = 1
    return ids, mask, P, amask


def action_logprobs(model, ids, mask, P: int, T: int):
    logits = model(ids, mask)[0][:, P - 1:P - 1 + T]
    return torch.log_softmax(logits.float(), -1).gather(-1, ids[:, P:P + T].unsqueeze(-1)).squeeze(-1)


def critic_values(critic, ids, mask, P: int, T: int):
    """V of the state before each action: the critic's output where that action is predicted."""
    return critic(ids, mask)[0][:, P - 1:P - 1 + T, 0]


def make_critic(rm_path: str) -> Transformer:
    """The sequence RM's trunk with a zero scalar head on every position."""
    rm = load_model(rm_path)
    critic = Transformer(replace(rm.cfg, head="token", n_out=1))
    trunk = {k: v for k, v in rm.state_dict().items() if not k.startswith("score.")}
    missing, unexpected = critic.load_state_dict(trunk, strict=False)
    assert not unexpected and set(missing) == {"score.weight", "score.bias"}, (missing, unexpected)
    nn.init.zeros_(critic.score.weight)
    nn.init.zeros_(critic.score.bias)
    return critic


@torch.no_grad()
def sequence_scores(rm, seqs):
    """The `overall` head for each full sequence (prompt + answer + <|end|>), cut to the RM's
    max_len from the left as reward.rm_scores does; on a canonical tokenisation this is
    rm_scores(rm, tok, [(instruction, answer)], max_len)[:, overall]."""
    ids, mask = pad([s[-rm.cfg.max_len:] for s in seqs])
    return rm(ids, mask)[0][:, OVERALL].float()


@torch.no_grad()
def answer_token_rewards(token_rm, prompts, answers):
    """[list of p_pos - p_neg per answer token] from token_reward.token_rewards on
    prompt + answer cut to the RM's max_len (tokens cut off get 0)."""
    seqs = [(p + a)[:token_rm.cfg.max_len] for p, a in zip(prompts, answers)]
    r = token_rewards(token_rm, seqs).float()
    out = []
    for i, (p, a) in enumerate(zip(prompts, answers)):
        row = r[i, len(p):len(seqs[i])].tolist()
        out.append(row + [0.0] * (len(a) - len(row)))
    return out


def task_rewards(kind: str, prompts, answers, actions, end_id: int, rm, token_rm):
    """The (B, T) task reward per action, before scaling. Actions are the answer tokens
    plus <|end|> when the answer ended."""
    T = max(len(a) for a in actions)
    out = torch.zeros(len(actions), T)
    if kind == "sequence":
        scores = sequence_scores(rm, [p + a + [end_id] for p, a in zip(prompts, answers)])
        for i, a in enumerate(actions):
            out[i, len(a) - 1] = scores[i]
    elif kind == "token":
        for i, row in enumerate(answer_token_rewards(token_rm, prompts, answers)):
            out[i, :len(row)] = torch.tensor(row)
    else:
        raise ValueError(f"reward_kind must be one of {KINDS}, not {kind!r}")
    return out


# ---------------------------------------------------------------- rollouts

def training_prompts(data_dir: str, tok) -> list:
    """Prompt ids of the train split's distinct instructions, in a fixed order."""
    return [tok.chat(x) for x in train_instructions(data_dir)]


def iteration_prompts(prompts: list, iteration: int, n: int, seed: int) -> list:
    """n prompts for an iteration: consecutive slices of seeded shuffles of all prompts, a
    new shuffle each pass, so prompts repeat only once every one has been used."""
    out = []
    for k in range(iteration * n, (iteration + 1) * n):
        order = torch.randperm(len(prompts), generator=torch.Generator().manual_seed(seed * 7919 + k // len(prompts)))
        out.append(prompts[order[k % len(prompts)]])
    return out


def length_buckets(actions, size: int) -> list:
    """Row indices in groups of `size` whose answers have similar lengths: padding every row
    to the longest answer of a random group doubled the cost of the forward passes."""
    order = sorted(range(len(actions)), key=lambda i: (len(actions[i]), i))
    return [order[i:i + size] for i in range(0, len(order), size)]


def per_action(fn, prompts, actions, buckets, T: int):
    """fn(ids, mask, P, T_bucket) -> (b, T_bucket) evaluated bucket by bucket and gathered
    into one (B, T) tensor, zero after each row's last action."""
    out = torch.zeros(len(actions), T)
    for idx in buckets:
        ids, mask, P, am = layout([prompts[i] for i in idx], [actions[i] for i in idx])
        out[idx, :am.shape[1]] = fn(ids, mask, P, am.shape[1]) * am
    return out


@torch.no_grad()
def rollout(policy, ref, critic, rm, token_rm, kind: str, prompts, end_id: int, max_new: int, seed: int,
            chunk: int = 16) -> dict:
    """Sample one answer per prompt from the policy (temperature 1) and compute everything
    the update needs: old and base log-probs, values and both reward models' rewards."""
    answers = generate(policy, prompts, end_id, max_new, temperature=1.0, seed=seed)
    actions = [a + [end_id] if len(a) < max_new else a for a in answers]
    T = max(len(a) for a in actions)
    amask = torch.zeros(len(actions), T)
    for i, a in enumerate(actions):
        amask[i, :len(a)] = 1
    buckets = length_buckets(actions, chunk)
    logp = per_action(lambda *b: action_logprobs(policy, *b), prompts, actions, buckets, T)
    ref_logp = per_action(lambda *b: action_logprobs(ref, *b), prompts, actions, buckets, T)
    values = per_action(lambda *b: critic_values(critic, *b), prompts, actions, buckets, T)
    rewards = {k: task_rewards(k, prompts, answers, actions, end_id, rm, token_rm) for k in KINDS}
    return {"prompts": prompts, "answers": answers, "actions": actions, "amask": amask, "logp": logp,
            "ref_logp": ref_logp, "values": values, "task": rewards[kind], "rewards": rewards}


# ---------------------------------------------------------------- training

def train_ppo(cfg, reward_kind: str, data_dir: str, tok_path: str, base_path: str, rm_path: str,
              token_rm_path: str, out_path: str, ckpt: str, key: str, log) -> dict:
    """reward_kind: "sequence" (the sequence RM's "overall" head, given at the last answer token)
    or "token" (the token RM's per-token reward p_pos - p_neg at every answer token)."""
    if reward_kind not in KINDS:
        raise ValueError(f"reward_kind must be one of {KINDS}, not {reward_kind!r}")
    s = ppo_settings(cfg)
    tok = Tokenizer.load(tok_path)
    end_id = tok.special["<|end|>"]
    prompts = training_prompts(data_dir, tok)
    ref = load_model(base_path)
    policy = load_model(base_path)
    critic = make_critic(rm_path)
    rm, token_rm = load_model(rm_path), load_model(token_rm_path)
    for m in (ref, rm, token_rm):
        m.requires_grad_(False)
    opt_pi = torch.optim.AdamW(policy.parameters(), lr=s["ppo_lr"], betas=(0.9, 0.95), weight_decay=0.0)
    opt_v = torch.optim.AdamW(critic.parameters(), lr=s["ppo_critic_lr"], betas=(0.9, 0.95), weight_decay=0.0)
    n_iter = s["ppo_iterations"]
    start, scale, history = 0, None, []
    if os.path.exists(ckpt):
        ck = torch.load(ckpt)
        if ck["key"] == key:
            policy.load_state_dict(ck["policy"])
            critic.load_state_dict(ck["critic"])
            opt_pi.load_state_dict(ck["opt_policy"])
            opt_v.load_state_dict(ck["opt_critic"])
            start, scale, history = ck["iteration"], ck["scale"], ck["history"]
            log(f"resuming from checkpoint at iteration {start}/{n_iter}")
    log(f"PPO ({reward_kind} reward): {policy.n_params():,} policy and {critic.n_params():,} critic parameters, "
        f"{len(prompts):,} training prompts, {n_iter} iterations of {s['ppo_rollouts']} rollouts")

    t0, generated, seen = time.time(), 0, 0
    for it in range(start, n_iter):
        t_it = time.time()
        policy.eval()
        batch = rollout(policy, ref, critic, rm, token_rm, reward_kind,
                        iteration_prompts(prompts, it, s["ppo_rollouts"], cfg.seed), end_id, cfg.max_new_tokens,
                        seed=cfg.seed * 1_000_003 + it)
        amask = batch["amask"]
        totals = batch["task"].sum(-1)
        if scale is None:  # the first batch comes from the base policy: fix the reward scale on it
            scale = 1.0 / max(totals.std().item(), 1e-6)
            log(f"reward scale {scale:.4g} (1 / std of the base's summed {reward_kind} reward)")
        kl = (batch["logp"] - batch["ref_logp"]) * amask
        rewards = shaped_rewards(batch["task"], kl, batch["actions"], end_id, scale, s["ppo_kl"],
                                 s["ppo_truncation_penalty"])
        adv, returns = gae(rewards, batch["values"], amask, s["ppo_gamma"], s["ppo_lambda"])
        adv = whiten(adv, amask)
        t_roll = time.time() - t_it

        policy.train()
        critic.train()
        # minibatches of similar lengths, visited in a new random order each epoch; each one's
        # loss is its token sum over the batch's mean tokens per minibatch, so that every action
        # token weighs the same as in the mean over the whole batch
        buckets = length_buckets(batch["actions"], s["ppo_minibatch"])
        per_bucket = amask.sum() / len(buckets)
        g = torch.Generator().manual_seed(cfg.seed * 1_000_003 + it)
        stats = []
        for _ in range(s["ppo_epochs"]):
            for b in torch.randperm(len(buckets), generator=g).tolist():
                idx = buckets[b]
                mb = torch.tensor(idx)
                ids, mask, P, am = layout([batch["prompts"][i] for i in idx], [batch["actions"][i] for i in idx])
                T = am.shape[1]
                logp = action_logprobs(policy, ids, mask, P, T)
                v = critic_values(critic, ids, mask, P, T)
                weight = am.sum() / per_bucket
                pg, clipfrac = clipped_policy_loss(logp, batch["logp"][mb, :T], adv[mb, :T], am, s["ppo_clip"])
                vl = value_loss(v, returns[mb, :T], am)
                opt_pi.zero_grad(set_to_none=True)
                opt_v.zero_grad(set_to_none=True)
                (weight * (pg + vl)).backward()  # disjoint parameters: each optimiser sees only its own loss
                torch.nn.utils.clip_grad_norm_(policy.parameters(), 1.0)
                torch.nn.utils.clip_grad_norm_(critic.parameters(), 1.0)
                opt_pi.step()
                opt_v.step()
                approx_kl = masked_mean(batch["logp"][mb, :T] - logp.detach(), am)
                stats.append((pg.item(), vl.item(), clipfrac.item(), approx_kl.item()))
        policy.eval()
        critic.eval()

        lengths = torch.tensor([len(a) for a in batch["answers"]], dtype=torch.float32)
        row = {
            "iteration": it + 1,
            "reward": totals.mean().item(),                         # the trained-on reward, native units
            "rm_overall": batch["rewards"]["sequence"].sum(-1).mean().item(),
            "token_rm_sum": batch["rewards"]["token"].sum(-1).mean().item(),
            "kl": kl.sum(-1).mean().item(),                         # Σ_t log π/π_base per answer, nats
            "length": lengths.mean().item(),
            "ended": sum(len(a) < cfg.max_new_tokens for a in batch["answers"]) / len(batch["answers"]),
            **{k: sum(x[j] for x in stats) / len(stats) for j, k in enumerate(("pg_loss", "value_loss", "clipfrac", "approx_kl"))},
        }
        history.append(row)
        generated += int(amask.sum())
        seen += int(amask.sum()) + sum(len(p) for p in batch["prompts"])
        log(f"iter {it + 1}/{n_iter} reward={row['reward']:.4f} rm_overall={row['rm_overall']:.3f} "
            f"token_rm_sum={row['token_rm_sum']:.3f} kl={row['kl']:.3f} len={row['length']:.1f} "
            f"pg={row['pg_loss']:.4f} vf={row['value_loss']:.4f} clip={row['clipfrac']:.3f} "
            f"rollout {t_roll:.1f}s, iteration {time.time() - t_it:.1f}s")
        if (it + 1) % s["ppo_ckpt_every"] == 0 and it + 1 < n_iter:
            atomic_torch_save({"key": key, "iteration": it + 1, "policy": policy.state_dict(),
                               "critic": critic.state_dict(), "opt_policy": opt_pi.state_dict(),
                               "opt_critic": opt_v.state_dict(), "scale": scale, "history": history}, ckpt)

    save_model(policy, out_path)
    seconds = time.time() - t0
    tail = history[-max(1, len(history) // 5):]  # the last fifth of the run, less noisy than one batch
    final = {k: sum(r[k] for r in tail) / len(tail) for k in ("reward", "rm_overall", "token_rm_sum", "kl", "length", "ended")}
    return {"reward_kind": reward_kind, "iterations": n_iter, "rollouts": n_iter * s["ppo_rollouts"],
            "reward_scale": scale, "final_over_iterations": len(tail),
            **{f"final_{k}": v for k, v in final.items()},
            "initial_reward": history[0]["reward"] if history else None,
            "generated_tokens_per_s": generated / max(seconds, 1e-9),
            "tokens_per_s": seen / max(seconds, 1e-9),
            "history": [{k: round(v, 5) for k, v in r.items()} for r in history]}
