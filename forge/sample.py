"""Batched KV-cached decoding: plain sampling, greedy, and GenARM guidance
log p(y_t) ∝ log π_base(y_t) + Σ_i α_i log π_arm,i(y_t) at temperature τ (GenARM eq. 6).
Prompts are left-padded; positions skip the padding, as in the exported graph."""
import torch

from data import pad


@torch.no_grad()
def generate(policy, prompts, end_id: int, max_new: int, temperature: float = 1.0, seed: int = 0,
             guides=(), greedy: bool = False):
    """prompts: list of id lists; guides: [(arm model, alpha)]. Returns the new ids of each
    prompt, without the end token."""
    g = torch.Generator().manual_seed(seed)
    ids, mask = pad(prompts, left=True)
    models = [(policy, 1.0)] + list(guides)
    caches = [None] * len(models)
    step_ids, out = ids, [[] for _ in prompts]
    done = torch.zeros(len(prompts), dtype=torch.bool)
    for _ in range(max_new):
        pos = (mask.cumsum(-1) - 1).clamp(min=0)[:, -step_ids.shape[1]:]
        score = 0
        for k, (m, alpha) in enumerate(models):
            logits, caches[k] = m(step_ids, mask, pos, caches[k])
            score = score + alpha * torch.log_softmax(logits[:, -1], -1)
        if greedy:
            nxt = score.argmax(-1)
        else:
            nxt = torch.multinomial(torch.softmax(score / temperature, -1), 1, generator=g).squeeze(-1)
        for b in range(len(prompts)):
            if not done[b]:
                if nxt[b].item() == end_id:
                    done[b] = True
                else:
                    out[b].append(nxt[b].item())
        if done.all():
            break
        step_ids = nxt.unsqueeze(-1)
        mask = torch.cat([mask, torch.ones(len(prompts), 1, dtype=torch.long)], dim=1)
    return out


@torch.no_grad()
def top_logits(model, prompt, k: int):
    """The k largest next-token logits after the prompt, as (ids, values)."""
    ids = torch.tensor([prompt])
    logits, _ = model(ids, torch.ones_like(ids))
    v, i = logits[0, -1].topk(k)
    return i.tolist(), v.tolist()
