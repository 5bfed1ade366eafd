"""Every setting of the suite in one place, nanoGPT style: plain values, a full and a quick
profile, and `key=value` overrides from the command line (e.g. `policy_steps=3000`)."""
from dataclasses import dataclass, field, replace, fields, asdict

from model import ModelConfig

AV_DIMS = ["medical", "legal", "financial", "warmth"]       # one aligned policy each
RM_DIMS = ["medical", "legal", "financial", "warmth", "concision", "relevance", "overall"]
ARM_DIMS = ["expertise", "concision"]                        # objectives that trade off


@dataclass
class ForgeConfig:
    seed: int = 1234
    threads: int = 2
    # data (rows exported by the world)
    corpus: int = 120_000
    groups: int = 12_000
    edits: int = 12_000
    vocab_size: int = 1024
    # model shapes
    policy: ModelConfig = field(default_factory=lambda: ModelConfig(n_layer=6, n_head=4, d_model=192, d_ff=512))
    arm: ModelConfig = field(default_factory=lambda: ModelConfig(n_layer=3, n_head=4, d_model=128, d_ff=352))
    # the token RM's shape; the sequence RM starts from the ARM base LM and has its shape (reward.py)
    rm: ModelConfig = field(default_factory=lambda: ModelConfig(n_layer=4, n_head=4, d_model=128, d_ff=352))
    # training
    batch: int = 32
    policy_steps: int = 1600
    policy_lr: float = 2e-3
    arm_pretrain_steps: int = 1500
    arm_lr: float = 2e-3
    dpo_steps: int = 50
    dpo_lr: float = 3e-5             # gentle enough that λ = 1.5 still extrapolates well-formed
    dpo_beta: float = 0.1
    rm_steps: int = 600
    rm_head_shares: tuple = (2, 2, 2, 2, 2, 12, 6)   # pairs per batch for each of RM_DIMS
    rm_lr: float = 1e-3
    token_rm_steps: int = 800
    genarm_steps: int = 400
    genarm_lr: float = 3e-4
    genarm_beta: float = 0.05
    # Concision is nearly free for a sum-of-log-probs reward (shorter answers are likelier), so
    # β = 0.05 drove the ARM to a ~140-nat margin and guided text collapsed (well-formedness
    # 0.06 at α = 1). A larger β_r reaches the same loss with a ~10× smaller margin.
    genarm_beta_concision: float = 0.5
    # SPPO and iterative DPO (sppo.py): iterations × fresh prompts × K samples each
    sppo_iterations: int = 3
    sppo_prompts: int = 512
    sppo_k: int = 5
    sppo_eta: float = 10.0          # log-ratio targets η(P̂ − ½): about ±4 nats for P̂ in [0.1, 0.9]
    sppo_epochs: int = 1
    sppo_lr: float = 5e-5
    # PPO on a sequence-level against a token-level reward (ppo.py): the same budget for both
    ppo_iterations: int = 30        # rollout batches; at 60 the token variant over-optimised (helper's trial)
    ppo_rollouts: int = 64          # prompts per iteration, one answer each
    ppo_minibatch: int = 16
    ppo_epochs: int = 2
    ppo_lr: float = 1e-4
    ppo_critic_lr: float = 3e-4
    ppo_kl: float = 0.05            # β, per nat of KL against a unit-variance task reward
    ppo_clip: float = 0.2
    ppo_gamma: float = 1.0
    ppo_lambda: float = 0.95
    ppo_truncation_penalty: float = 1.0   # at the last token of an answer with no <|end|>: without it the
                                          # token variant ran every answer to the length limit
    ppo_ckpt_every: int = 5         # iterations between checkpoints
    # evaluation
    eval_prompts: int = 48          # held-out prompts per domain and setting
    eval_seeds: int = 4             # answers per prompt in the AV and ARM sweeps: with one, the legal
                                    # sweep's 1.0 → 1.5 step (+0.05 over 4 seeds) fell inside the noise
    max_new_tokens: int = 96
    temperature: float = 0.7
    av_lambdas: tuple = (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5)
    arm_alphas: tuple = (0.0, 0.5, 1.0, 2.0)
    quick: bool = False

    def arm_beta(self, objective: str) -> float:
        """β_r of the ARM for one objective."""
        return self.genarm_beta_concision if objective == "concision" else self.genarm_beta

    def section(self, *names) -> dict:
        """The settings a stage depends on, for its key."""
        d = asdict(self)
        return {n: d[n] for n in names}


QUICK = dict(
    corpus=3000, groups=400, edits=400, vocab_size=384,
    policy=ModelConfig(n_layer=2, n_head=2, d_model=64, d_ff=128),
    arm=ModelConfig(n_layer=1, n_head=2, d_model=48, d_ff=96),
    rm=ModelConfig(n_layer=1, n_head=2, d_model=48, d_ff=96),
    batch=16, policy_steps=120, arm_pretrain_steps=60, dpo_steps=20, rm_steps=60,
    token_rm_steps=40, genarm_steps=20, rm_head_shares=(1, 1, 1, 1, 1, 2, 1), eval_prompts=4, eval_seeds=1, max_new_tokens=32, quick=True,
    sppo_prompts=16, ppo_iterations=8, ppo_rollouts=16, ppo_minibatch=8, ppo_ckpt_every=2,
)


def parse(argv) -> ForgeConfig:
    cfg = ForgeConfig()
    if "--quick" in argv:
        cfg = replace(cfg, **QUICK)
    types = {f.name: f.type for f in fields(ForgeConfig)}
    for arg in argv:
        if "=" not in arg or arg.startswith("--"):
            continue
        k, v = arg.split("=", 1)
        if k not in types or k in ("policy", "arm", "rm", "av_lambdas", "arm_alphas", "rm_head_shares"):
            raise SystemExit(f"unknown or non-scalar setting {k!r}; settable: "
                             + ", ".join(n for n, t in types.items() if t in (int, float, bool, "int", "float", "bool")))
        cur = getattr(cfg, k)
        cfg = replace(cfg, **{k: type(cur)(v) if not isinstance(cur, bool) else v.lower() in ("1", "true", "yes")})
    return cfg
