"""The suite's claims, measured with the world's oracle on held-out prompts."""
import copy

import torch

from data import answer_logprobs, load
from sample import generate
import world

DOMAINS = ["medical", "legal", "financial", "everyday"]


def held_out_prompts(data_dir: str, per_domain: int, domains=DOMAINS) -> list:
    """[(domain, instruction)]: the first `per_domain` held-out prompts of each domain."""
    groups = load(data_dir, "groups", "test")
    out = []
    for d in domains:
        out += [(d, g["instruction"]) for g in groups if g["domain"] == d][:per_domain]
    return out


def sample_answers(cfg, policy, tok, prompts, seeds=(0,), guides=()) -> list:
    """One answer per prompt and seed, seed-major (the order of `prompts * len(seeds)`), sampled
    at cfg.temperature; the same seed gives every policy the same random stream."""
    end = tok.special["<|end|>"]
    return [tok.decode(t) for s in seeds
            for t in generate(policy, [tok.chat(x) for _, x in prompts], end, cfg.max_new_tokens, cfg.temperature,
                              seed=cfg.seed + s, guides=guides)]


def sample_and_score(cfg, policy, tok, prompts, guides=(), seeds=(0,)):
    """Answers and their oracle scores for every prompt under every seed (one oracle call)."""
    answers = sample_answers(cfg, policy, tok, prompts, seeds, guides)
    return answers, world.score([(x, a) for (_, x), a in zip(prompts * len(seeds), answers)])


def mean(xs) -> float:
    xs = list(xs)
    return sum(xs) / max(len(xs), 1)


def stderr(xs) -> float:
    """Standard error of the mean."""
    xs = list(xs)
    if len(xs) < 2:
        return 0.0
    m = mean(xs)
    return (sum((x - m) ** 2 for x in xs) / (len(xs) - 1) / len(xs)) ** 0.5


def seeds(cfg) -> tuple:
    return tuple(range(cfg.eval_seeds))


def evaluate_policy(cfg, policy, tok, data_dir: str) -> dict:
    """Well-formedness and relevance of sampled answers; relevance is also measured
    against shuffled prompts (the same answers, someone else's question) as chance."""
    prompts = held_out_prompts(data_dir, cfg.eval_prompts)
    answers, scores = sample_and_score(cfg, policy, tok, prompts)
    shift = len(prompts) // 2 + 1
    shuffled = [(prompts[(i + shift) % len(prompts)][1], a) for i, a in enumerate(answers)]
    chance = world.score(shuffled)
    return {
        "prompts": len(prompts),
        "wellformed": mean(s["wellformed"] for s in scores),
        "relevance": mean(s["relevance"] for s in scores),
        "relevance_shuffled_prompts": mean(s["relevance"] for s in chance),
        "examples": [{"instruction": x, "answer": a} for (_, x), a in list(zip(prompts, answers))[:: max(1, len(prompts) // 4)]],
    }


def alignment_vector(base, aligned) -> dict:
    """AV_d = θ_aligned,d − θ_base, per parameter."""
    b = base.state_dict()
    return {k: v - b[k] for k, v in aligned.state_dict().items()}


def mix(base, vectors: dict, lambdas: dict):
    """θ = θ_base + Σ_d λ_d·AV_d (Alignment Vectors, Shahriar et al. 2024)."""
    model = copy.deepcopy(base)
    sd = model.state_dict()
    for d, lam in lambdas.items():
        for k in sd:
            sd[k] = sd[k] + lam * vectors[d][k]
    model.load_state_dict(sd)
    return model.eval()


def av_target(dim: str, score: dict) -> float:
    return score["dims"][dim]


def av_prompts(cfg, data_dir: str, dim: str):
    return held_out_prompts(data_dir, cfg.eval_prompts, [dim] if dim in DOMAINS else DOMAINS)


@torch.no_grad()
def preference_accuracy(model, tok, data_dir: str, dim: str, limit: int) -> dict:
    """The AV paper's measure: over held-out prompts, how often the model gives each level
    variant (cold answers, same style) the highest likelihood; for warmth the variants are
    warm against cold. Two normalisations, because they disagree in our world: expert
    answers are about 2.5× longer and likelier per token, so the per-token mean (`per_token`)
    picks the expert variant at almost every λ while the whole-answer likelihood (`total`)
    moves with λ. `target_mass` is the mean share of the whole-answer likelihood, normalised
    over the prompt's variants, that falls on the target level: a smooth version of `total`."""
    end = [tok.special["<|end|>"]]
    target = "warm" if dim == "warmth" else "expert"
    groups = [g for g in load(data_dir, "groups", "test") if dim == "warmth" or g["domain"] == dim][:limit]
    wins = {"per_token": {}, "total": {}}
    masses = []
    for g in groups:
        if dim == "warmth":
            cands = [a for a in g["answers"] if a["level"] == "generic" and a["relevant"]][:2]
            label = lambda a: "warm" if a["warm"] else "cold"
        else:
            cands = [a for a in g["answers"] if not a["warm"] and a["relevant"]][:3]
            label = lambda a: a["level"]
        if len({label(a) for a in cands}) < 2:
            continue
        lp, n = answer_logprobs(model, [tok.chat(g["instruction"])] * len(cands), [tok.encode(a["text"]) + end for a in cands])
        for norm, scores in (("per_token", lp / n), ("total", lp)):
            best = label(cands[int(scores.argmax())])
            wins[norm][best] = wins[norm].get(best, 0) + 1
        posterior = torch.softmax(lp.double(), 0)
        masses.append(sum(float(p) for p, a in zip(posterior, cands) if label(a) == target))
    out = {norm: {k: v / sum(w.values()) for k, v in sorted(w.items())} for norm, w in wins.items()}
    return {**out, "target_mass": mean(masses), "items": len(masses)}


def evaluate_av(cfg, base, vectors: dict, tok, data_dir: str) -> dict:
    out = {}
    for dim in vectors:
        prompts = av_prompts(cfg, data_dir, dim)
        rows = []
        for lam in cfg.av_lambdas:
            model = mix(base, vectors, {dim: lam})
            _, scores = sample_and_score(cfg, model, tok, prompts, seeds=seeds(cfg))
            pref = preference_accuracy(model, tok, data_dir, dim, cfg.eval_prompts * 2)
            targets = [av_target(dim, s) for s in scores]
            rows.append({"lambda": lam, "target": mean(targets), "target_stderr": stderr(targets), "answers": len(scores),
                         "wellformed": mean(s["wellformed"] for s in scores),
                         "preference": pref["per_token"], "preference_total": pref["total"],
                         "target_mass": pref["target_mass"]})
        targets = [r["target"] for r in rows]
        masses = [r["target_mass"] for r in rows]
        at_1 = next(r for r in rows if r["lambda"] == 1.0)
        target = "warm" if dim == "warmth" else "expert"
        out[dim] = {"sweep": rows, "monotonic": all(a < b for a, b in zip(targets, targets[1:])),
                    "target_mass_monotonic": all(a < b for a, b in zip(masses, masses[1:])),
                    "target_accuracy_at_1": at_1["preference"].get(target, 0.0),
                    "target_total_accuracy_at_1": at_1["preference_total"].get(target, 0.0)}
    return out


def evaluate_multi_domain(cfg, base, vectors: dict, tok, data_dir: str, a="medical", b="legal") -> list:
    """λ for two domains at once: each domain's expertise should move with its own λ."""
    pa, pb = av_prompts(cfg, data_dir, a), av_prompts(cfg, data_dir, b)
    rows = []
    for la, lb in ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)):
        model = mix(base, vectors, {a: la, b: lb})
        _, sa = sample_and_score(cfg, model, tok, pa, seeds=seeds(cfg))
        _, sb = sample_and_score(cfg, model, tok, pb, seeds=seeds(cfg))
        rows.append({f"lambda_{a}": la, f"lambda_{b}": lb,
                     f"{a}_expertise": mean(s["dims"][a] for s in sa), f"{b}_expertise": mean(s["dims"][b] for s in sb)})
    return rows


def arm_target(objective: str, domain: str, score: dict) -> float:
    return score["dims"][domain] if objective == "expertise" else score["dims"]["concision"]


def evaluate_arm(cfg, policy, arms: dict, tok, data_dir: str) -> dict:
    """Guided decoding log π_base + α log π_arm against plain sampling (α = 0) at the same
    temperature, on each objective's prompts; the other objective shows the trade-off."""
    out = {}
    prompts = held_out_prompts(data_dir, cfg.eval_prompts, ["medical", "legal", "financial"])
    for name, arm in arms.items():
        rows = []
        for alpha in cfg.arm_alphas:
            guides = [(arm, alpha)] if alpha else []
            _, scores = sample_and_score(cfg, policy, tok, prompts, guides, seeds(cfg))
            row = {"alpha": alpha, "wellformed": mean(s["wellformed"] for s in scores)}
            for obj in arms:
                row[obj] = mean(arm_target(obj, d, s) for (d, _), s in zip(prompts * cfg.eval_seeds, scores))
            rows.append(row)
        plain = rows[0][name]
        out[name] = {"sweep": rows, "raises_target": all(r[name] > plain for r in rows[1:])}
    return out
