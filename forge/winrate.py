"""Head-to-head comparison of two policies by the world's oracle: one answer per held-out
prompt and seed from each, sampled at cfg.temperature with the same seeds
(evaluate.sample_answers), and policy A wins a prompt when the oracle's `overall` score of
its answer is higher; a tie counts half. Any two policies: PPO variants, SPPO iterations, the base."""
from evaluate import mean, stderr


def win_rate_from_scores(scores_a, scores_b, prompts=None, dim: str = "overall") -> dict:
    """Win rate of A over B from two lists of oracle scores for the same prompts, with its
    standard error (of the mean of the per-prompt outcomes 1, ½, 0) and, when `prompts`
    ([(domain, instruction)]) is given, per domain."""
    if len(scores_a) != len(scores_b) or not scores_a:
        raise ValueError("need the same, non-zero number of scores for A and B")
    a = [s["dims"][dim] for s in scores_a]
    b = [s["dims"][dim] for s in scores_b]
    outcome = [1.0 if x > y else 0.5 if x == y else 0.0 for x, y in zip(a, b)]
    n = len(outcome)
    out = {"win_rate": mean(outcome), "stderr": stderr(outcome), "prompts": n,
           "wins": outcome.count(1.0), "ties": outcome.count(0.5), "losses": outcome.count(0.0),
           f"{dim}_a": sum(a) / n, f"{dim}_b": sum(b) / n,
           "wellformed_a": sum(s["wellformed"] for s in scores_a) / n,
           "wellformed_b": sum(s["wellformed"] for s in scores_b) / n}
    if prompts is not None:
        by = {}
        for (d, _), o in zip(prompts, outcome):
            by.setdefault(d, []).append(o)
        out["by_domain"] = {d: sum(v) / len(v) for d, v in by.items()}
    return out
