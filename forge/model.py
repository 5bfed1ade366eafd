"""A Llama-style decoder (RMSNorm, RoPE, SwiGLU) in one file, with three heads.

- "lm": next-token logits (policies, ARMs), exported with the KV-cache I/O that
  transformers.js expects for decoder-only models;
- "seq": one scalar per reward dimension, read at the last non-padding token (like
  Hugging Face's *ForSequenceClassification);
- "token": class logits at every token (like *ForTokenClassification), used by the
  token-level reward model.

The same forward serves training (no cache) and incremental decoding (cache), so the
Python sampler and the exported ONNX graph compute exactly the same function.
"""
from dataclasses import dataclass, asdict
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class ModelConfig:
    vocab_size: int = 1024
    n_layer: int = 6
    n_head: int = 4
    d_model: int = 192
    d_ff: int = 512
    max_len: int = 256
    rope_theta: float = 10000.0
    norm_eps: float = 1e-5
    head: str = "lm"          # "lm" | "seq" | "token"
    n_out: int = 0            # outputs of a "seq" or "token" head

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_head

    def to_dict(self) -> dict:
        return asdict(self)


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return x * self.weight


def rope_tables(position_ids, head_dim: int, theta: float):
    """cos/sin of shape (B, 1, T, head_dim) in the Hugging Face (rotate_half) layout."""
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
    freqs = position_ids.to(torch.float32).unsqueeze(-1) * inv_freq  # (B, T, hd/2)
    emb = torch.cat([freqs, freqs], dim=-1)
    return emb.cos().unsqueeze(1), emb.sin().unsqueeze(1)


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat([-x2, x1], dim=-1)


class Attention(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.n_head, self.hd = cfg.n_head, cfg.head_dim
        self.q_proj = nn.Linear(cfg.d_model, cfg.d_model, bias=False)
        self.k_proj = nn.Linear(cfg.d_model, cfg.d_model, bias=False)
        self.v_proj = nn.Linear(cfg.d_model, cfg.d_model, bias=False)
        self.o_proj = nn.Linear(cfg.d_model, cfg.d_model, bias=False)

    def forward(self, x, cos, sin, bias, past_k=None, past_v=None):
        B, T, C = x.shape
        shape = (B, T, self.n_head, self.hd)
        q = self.q_proj(x).view(shape).transpose(1, 2)
        k = self.k_proj(x).view(shape).transpose(1, 2)
        v = self.v_proj(x).view(shape).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(self.hd)) + bias
        y = F.softmax(att, dim=-1) @ v
        y = y.transpose(1, 2).reshape(B, T, C)
        return self.o_proj(y), k, v


class MLP(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.gate_proj = nn.Linear(cfg.d_model, cfg.d_ff, bias=False)
        self.up_proj = nn.Linear(cfg.d_model, cfg.d_ff, bias=False)
        self.down_proj = nn.Linear(cfg.d_ff, cfg.d_model, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Block(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.input_layernorm = RMSNorm(cfg.d_model, cfg.norm_eps)
        self.self_attn = Attention(cfg)
        self.post_attention_layernorm = RMSNorm(cfg.d_model, cfg.norm_eps)
        self.mlp = MLP(cfg)

    def forward(self, x, cos, sin, bias, past_k=None, past_v=None):
        a, k, v = self.self_attn(self.input_layernorm(x), cos, sin, bias, past_k, past_v)
        x = x + a
        x = x + self.mlp(self.post_attention_layernorm(x))
        return x, k, v


def attention_bias(attention_mask, q_len: int):
    """Additive mask (B, 1, T, S): key j is visible to query i (absolute position
    S - T + i) when j <= S - T + i and attention_mask[b, j] == 1. A large negative
    number rather than -inf keeps fully padded rows finite."""
    S = attention_mask.shape[1]
    q_pos = torch.arange(q_len, device=attention_mask.device).unsqueeze(1) + (S - q_len)
    k_pos = torch.arange(S, device=attention_mask.device).unsqueeze(0)
    causal = (k_pos <= q_pos).unsqueeze(0).unsqueeze(0)             # (1,1,T,S)
    keep = causal & attention_mask.bool().unsqueeze(1).unsqueeze(1)  # (B,1,T,S)
    return (~keep).to(torch.float32) * -1e9


def positions_from_mask(attention_mask):
    """Positions that skip left padding: 0 at the first real token."""
    return (attention_mask.long().cumsum(-1) - 1).clamp(min=0)


class Transformer(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        self.embed_tokens = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.layers = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layer)])
        self.norm = RMSNorm(cfg.d_model, cfg.norm_eps)
        if cfg.head != "lm":  # the LM head is tied to the embedding
            self.score = nn.Linear(cfg.d_model, cfg.n_out, bias=cfg.head == "token")
        self.apply(self._init)
        for name, p in self.named_parameters():  # GPT-2 style scaled residual init
            if name.endswith("o_proj.weight") or name.endswith("down_proj.weight"):
                nn.init.normal_(p, std=0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
            if getattr(m, "bias", None) is not None:
                nn.init.zeros_(m.bias)

    def n_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def hidden(self, input_ids, attention_mask, position_ids=None, past=None):
        """Returns final hidden states (B,T,C) and the new cache [(k, v)] per layer."""
        if position_ids is None:
            position_ids = positions_from_mask(attention_mask)[:, -input_ids.shape[1]:]
        cos, sin = rope_tables(position_ids, self.cfg.head_dim, self.cfg.rope_theta)
        bias = attention_bias(attention_mask, input_ids.shape[1])
        x = self.embed_tokens(input_ids)
        present = []
        for i, layer in enumerate(self.layers):
            pk, pv = past[i] if past is not None else (None, None)
            x, k, v = layer(x, cos, sin, bias, pk, pv)
            present.append((k, v))
        return self.norm(x), present

    def forward(self, input_ids, attention_mask=None, position_ids=None, past=None):
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        h, present = self.hidden(input_ids, attention_mask, position_ids, past)
        if self.cfg.head == "lm":
            return h @ self.embed_tokens.weight.t(), present
        if self.cfg.head == "token":
            return self.score(h), present
        # "seq": read the last non-padding token of each row
        idx = (attention_mask.long() * torch.arange(attention_mask.shape[1])).argmax(-1)
        last = h[torch.arange(h.shape[0]), idx]
        return self.score(last), present


def flops_per_token(cfg: ModelConfig, context: int) -> int:
    """Forward FLOPs per token (2 per multiply-add): the weight matmuls plus attention
    over `context` cached positions. Norms, RoPE and softmax are left out (<1%)."""
    d, f, L = cfg.d_model, cfg.d_ff, cfg.n_layer
    per_layer = 2 * (4 * d * d + 3 * d * f) + 2 * 2 * d * context
    out = cfg.vocab_size * d if cfg.head == "lm" else d * max(cfg.n_out, 1)
    return L * per_layer + 2 * out


def save_model(model: Transformer, path: str):
    from stage import atomic_torch_save
    atomic_torch_save({"config": model.cfg.to_dict(), "state": model.state_dict()}, path)


def load_model(path: str) -> Transformer:
    ck = torch.load(path)
    model = Transformer(ModelConfig(**ck["config"]))
    model.load_state_dict(ck["state"])
    return model.eval()
