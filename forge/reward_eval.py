"""How well the reward models agree with the oracle on held-out data. Kept apart from the
training modules so that changing a measurement never retrains a model."""
import torch

from arm import arm_pairs
from config import RM_DIMS
from data import answer_logprobs
from reward import rm_pairs, rm_scores
from token_reward import labelled_sequences, token_rewards


PAIRS_PER_HEAD = 1500   # enough for ±0.02 at 95%; all pairs of the held-out slice took 9 minutes


@torch.no_grad()
def rm_pairwise_accuracy(model, tok, groups, max_len: int) -> dict:
    """Per head: fraction of held-out oracle-ranked pairs that the head orders the same way
    (the first PAIRS_PER_HEAD pairs of each head)."""
    pairs, taken = [], {}
    for p in rm_pairs(groups):
        if taken.get(p[0], 0) < PAIRS_PER_HEAD:
            taken[p[0]] = taken.get(p[0], 0) + 1
            pairs.append(p)
    hits = {n: [0, 0] for n in RM_DIMS}
    for i in range(0, len(pairs), 64):
        b = pairs[i:i + 64]
        r = rm_scores(model, tok, [(x, w) for _, x, w, _ in b] + [(x, l) for _, x, _, l in b], max_len)
        for k, (h, *_) in enumerate(b):
            name = RM_DIMS[h]
            hits[name][0] += int(r[k, h] > r[len(b) + k, h])
            hits[name][1] += 1
    return {n: {"accuracy": c / max(t, 1), "pairs": t} for n, (c, t) in hits.items()}


def auroc(pos, neg) -> float:
    """P(score of a positive > score of a negative), ties counting half (Mann-Whitney U)."""
    if not pos or not neg:
        return float("nan")
    s = torch.tensor(pos + neg, dtype=torch.float64)
    order = s.argsort()
    ranks = torch.empty_like(s)
    ranks[order] = torch.arange(1, len(s) + 1, dtype=torch.float64)
    for v in s.unique():  # average ranks over ties
        m = s == v
        ranks[m] = ranks[m].mean()
    u = ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2
    return float(u / (len(pos) * len(neg)))


@torch.no_grad()
def token_rm_auroc(model, tok, edits, max_len: int) -> dict:
    """AUROC of the token reward at telling edited tokens from untouched ones: on worse
    answers deleted/replaced tokens should score low, on better answers inserted ones high."""
    data = labelled_sequences(tok, edits, max_len)
    scores = {-1: [], 0: [], 1: []}
    untouched_worse, untouched_better = [], []
    for i in range(0, len(data), 64):
        b = data[i:i + 64]
        r = token_rewards(model, [s for s, _ in b])
        for k, (_, lab) in enumerate(b):
            is_worse = (i + k) % 2 == 0
            for t, l in enumerate(lab):
                if l is None:
                    continue
                scores[l].append(r[k, t].item())
                if l == 0:
                    (untouched_worse if is_worse else untouched_better).append(r[k, t].item())
    return {
        "auroc_deleted_vs_untouched": auroc([-x for x in scores[-1]], [-x for x in untouched_worse]),
        "auroc_inserted_vs_untouched": auroc(scores[1], untouched_better),
        "auroc_edited_vs_untouched": auroc([-x for x in scores[-1]] + scores[1],
                                           [-x for x in untouched_worse] + untouched_better),
        "tokens": {k: len(v) for k, v in (("deleted", scores[-1]), ("inserted", scores[1]), ("untouched", scores[0]))},
    }


@torch.no_grad()
def arm_pair_accuracy(model, tok, objective: str, groups) -> float:
    """Fraction of held-out pairs where the ARM's reward (its summed log-likelihood) prefers the better answer."""
    pairs = arm_pairs(objective, groups)
    end = [tok.special["<|end|>"]]
    hits = 0
    for i in range(0, len(pairs), 32):
        b = pairs[i:i + 32]
        prompts = [tok.chat(x) for x, _, _ in b] * 2
        answers = [tok.encode(w) + end for _, w, _ in b] + [tok.encode(l) + end for _, _, l in b]
        lp, _ = answer_logprobs(model, prompts, answers)
        hits += int((lp[: len(b)] > lp[len(b):]).sum())
    return hits / max(len(pairs), 1)
