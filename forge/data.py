"""Token batches and preference pairs built from the world's JSONL exports."""
import difflib
import os

import torch
import torch.nn.functional as F

from world import read_jsonl

PAD = 0


def load(data_dir: str, name: str, split: str | None = None) -> list:
    rows = read_jsonl(os.path.join(data_dir, f"{name}.jsonl"))
    return [r for r in rows if split is None or r["split"] == split]


def train_instructions(data_dir: str) -> list:
    """The train split's distinct instructions, in a fixed (sorted) order: the prompts that
    the training-time methods sample answers for."""
    return sorted({g["instruction"] for g in load(data_dir, "groups", "train")})


def pad(seqs, left: bool = False, value: int = PAD):
    """(ids, mask) as LongTensors, padded to the longest sequence."""
    n = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), n), value, dtype=torch.long)
    mask = torch.zeros((len(seqs), n), dtype=torch.long)
    for i, s in enumerate(seqs):
        sl = slice(n - len(s), n) if left else slice(0, len(s))
        ids[i, sl] = torch.tensor(s, dtype=torch.long)
        mask[i, sl] = 1
    return ids, mask


def batch_indices(n: int, size: int, seed: int, step: int) -> list:
    g = torch.Generator().manual_seed(seed * 1_000_003 + step)
    return torch.randint(0, n, (size,), generator=g).tolist()


def length_batch(lengths_sorted_idx: list, size: int, seed: int, step: int) -> list:
    """A batch of sequences of similar length: a random window of the indices sorted by
    length. Padding to the longest of a random batch wastes about half the compute here."""
    g = torch.Generator().manual_seed(seed * 1_000_003 + step)
    start = int(torch.randint(0, max(1, len(lengths_sorted_idx) - size + 1), (1,), generator=g))
    return lengths_sorted_idx[start:start + size]


def lm_loss(model, seqs):
    """Mean next-token cross-entropy over all real tokens of the sequences."""
    ids, mask = pad(seqs)
    logits, _ = model(ids, mask)
    target = ids[:, 1:].masked_fill(mask[:, 1:] == 0, -100)
    loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), target.reshape(-1), ignore_index=-100)
    return loss, int(mask.sum())


def answer_logprobs(model, prompts, answers):
    """Sum and count of log π(answer tokens | prompt) for each (prompt ids, answer ids)."""
    seqs = [p + a for p, a in zip(prompts, answers)]
    ids, mask = pad(seqs)
    logits, _ = model(ids, mask)
    logp = torch.log_softmax(logits[:, :-1], -1).gather(-1, ids[:, 1:].unsqueeze(-1)).squeeze(-1)
    on_answer = torch.zeros_like(logp)
    for i, (p, a) in enumerate(zip(prompts, answers)):
        on_answer[i, len(p) - 1: len(p) - 1 + len(a)] = 1
    return (logp * on_answer).sum(-1), on_answer.sum(-1)


def preference_pairs(groups, score, margin: float, same=("warm",)):
    """(instruction, chosen, rejected) for every two answers of a group whose score differs
    by at least `margin` and that agree on the attributes in `same`; score(group, answer)
    may return None to leave an answer out."""
    pairs = []
    for g in groups:
        scored = [(score(g, a), a) for a in g["answers"]]
        scored = [(s, a) for s, a in scored if s is not None]
        for i, (si, ai) in enumerate(scored):
            for sj, aj in scored[i + 1:]:
                if abs(si - sj) < margin or any(ai[k] != aj[k] for k in same):
                    continue
                hi, lo = (ai, aj) if si > sj else (aj, ai)
                pairs.append((g["instruction"], hi["text"], lo["text"]))
    return pairs


def expertise_in(domain: str):
    """Score function: the oracle's expertise dimension of `domain`, on that domain's prompts."""
    return lambda g, a: a["oracle"]["dims"][domain] if g["domain"] == domain else None


def expertise_own_domain(g, a):
    return a["oracle"]["dims"][g["domain"]] if g["domain"] in a["oracle"]["dims"] else None


def dim(name: str):
    return lambda g, a: a["oracle"]["dims"][name]


def edit_token_labels(worse_ids, better_ids):
    """Fine-grained supervision labels from a minimal edit (Xu et al. 2024): tokens of the
    worse answer that the edit deletes or replaces are -1, tokens of the better answer
    that it inserts or that replace them are +1, all others 0. The diff is difflib's."""
    lw, lb = [0] * len(worse_ids), [0] * len(better_ids)
    sm = difflib.SequenceMatcher(a=worse_ids, b=better_ids, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag in ("replace", "delete"):
            lw[i1:i2] = [-1] * (i2 - i1)
        if tag in ("replace", "insert"):
            lb[j1:j2] = [1] * (j2 - j1)
    return lw, lb
