"""The training-time methods' claims, measured with the world's oracle on held-out prompts:
each trained policy's oracle win rate against the base (SPPO's table: per iteration, with
the learned reward beside it) and chosen pairs head to head (fine-grained against
sequence-level PPO). Every policy answers the same prompts with the same seeds, and each
answer is sampled once and reused in every comparison it takes part in."""
import torch

from config import RM_DIMS
from evaluate import held_out_prompts, mean, sample_answers
from reward import rm_scores
from winrate import win_rate_from_scores
import world

OVERALL = RM_DIMS.index("overall")


@torch.no_grad()
def learned_reward(rm, tok, items, max_len: int, chunk: int = 64) -> list:
    """The sequence RM's `overall` head for [(instruction, answer)]."""
    return [float(r) for c in range(0, len(items), chunk)
            for r in rm_scores(rm, tok, items[c:c + chunk], max_len)[:, OVERALL]]


def evaluate_training(cfg, base, policies: dict, rm, tok, data_dir: str, seeds=(0, 1), pairs=()) -> dict:
    """policies: name -> model; pairs: [(name A, name B)] to compare head to head."""
    prompts = held_out_prompts(data_dir, cfg.eval_prompts)
    asked = prompts * len(seeds)
    models = {"base": base, **policies}
    answers = {name: sample_answers(cfg, m, tok, prompts, seeds) for name, m in models.items()}
    # one oracle call for every answer: each call starts the world's TypeScript process
    flat = world.score([(x, a) for name in models for (_, x), a in zip(asked, answers[name])])
    scores = {name: flat[i * len(asked):(i + 1) * len(asked)] for i, name in enumerate(models)}
    rewards = {name: learned_reward(rm, tok, [(x, a) for (_, x), a in zip(asked, answers[name])], cfg.rm.max_len)
               for name in models}
    against_base = {}
    for name in policies:
        w = win_rate_from_scores(scores[name], scores["base"], asked)
        against_base[name] = {**w, "learned_reward": mean(rewards[name]), "learned_reward_base": mean(rewards["base"]),
                              "words": mean(s["words"] for s in scores[name])}
    head_to_head = {f"{a} vs {b}": win_rate_from_scores(scores[a], scores[b], asked) for a, b in pairs}
    return {"prompts": len(prompts), "seeds": list(seeds), "against_base": against_base, "head_to_head": head_to_head,
            "base": {"overall": mean(s["dims"]["overall"] for s in scores["base"]), "learned_reward": mean(rewards["base"]),
                     "words": mean(s["words"] for s in scores["base"])}}
