"""Print the suite's measured figures as Markdown tables, straight from a manifest.

  /usr/bin/python3 forge/report.py [public/models/manifest.json]
  /usr/bin/python3 forge/report.py --training forge/build/full/eval_training/evaluation.json

README's tables are this script's output, so every number there is one the forge measured."""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fmt(x) -> str:
    if isinstance(x, bool):
        return "yes" if x else "**no**"
    if isinstance(x, int):
        return f"{x:,}"
    if isinstance(x, float):
        return f"{x:.3f}"
    return str(x)


def table(headers, rows) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def report(m: dict) -> str:
    e = m["evaluation"]
    out = [f"Suite: {'quick (toy)' if m['quick'] else 'full'} build, seed {m['seed']}, vocabulary {m['vocab_size']}, "
           f"{m['total_bytes'] / 2**20:.1f} MiB in all.\n"]
    out.append(f"**Models** (FLOPs per token at a context of {m['flops_context']} tokens, forward pass)\n")
    out.append(table(["model", "kind", "parameters", "MiB on disk", "MFLOPs/token", "train s"],
                     [[n, x["kind"], x["params"], round(x["bytes"] / 2**20, 2), round(x["flops_per_token"] / 1e6, 2),
                       x["train_seconds"]] for n, x in m["models"].items()]))
    p = e["policy"]
    out.append(f"**Base policy** ({p['prompts']} held-out prompts, sampled at the build's temperature)\n")
    out.append(table(["well-formed", "relevance", "relevance vs shuffled prompts (chance)"],
                     [[p["wellformed"], p["relevance"], p["relevance_shuffled_prompts"]]]))
    for dim, av in e["alignment_vectors"].items():
        where = "that domain's" if dim != "warmth" else "all"
        answers = f", {av['sweep'][0]['answers']} answers per λ" if "answers" in av["sweep"][0] else ""
        out.append(f"**Alignment vector `{dim}`**: target = oracle `{dim}` on {where} prompts{answers}; monotonic: {fmt(av['monotonic'])}. "
                   "Preference = share of held-out prompts whose most likely variant is each level, by mean token "
                   "log-likelihood and by whole-answer likelihood; target mass = mean share of the whole-answer "
                   f"likelihood on the target level (monotonic: {fmt(av.get('target_mass_monotonic', '—'))}).\n")
        shares = lambda p: ", ".join(f"{k} {v:.2f}" for k, v in p.items())
        out.append(table(["λ", "target (± s.e.)" if "target_stderr" in av["sweep"][0] else "target", "well-formed", "preference (per token)", "preference (whole answer)", "target mass"],
                         [[r["lambda"], f"{r['target']:.3f} ± {r['target_stderr']:.3f}" if "target_stderr" in r else r["target"], r["wellformed"], shares(r["preference"]),
                           shares(r.get("preference_total", {})), r.get("target_mass", "—")] for r in av["sweep"]]))
    avs = m["models"]["policy"].get("alignment_vectors", {})
    if any("greedy_identical" in a.get("int8", {}) for a in avs.values()):
        out.append("**Int8 deltas**: what storing each delta as int8 with a float32 scale per row costs, against the "
                   "float32 model it came from (λ = 1, on the golden prompts: greedy continuations of 24 tokens, and "
                   "KL per token over the float32 model's greedy answers)\n")
        out.append(table(["vector", "relative L2 error", "max abs error", "greedy continuations identical", "KL per token (nats)"],
                         [[d, a["int8"]["relative_l2_error"], f"{a['int8']['max_abs_error']:.2e}", a["int8"]["greedy_identical"],
                           f"{a['int8']['kl_per_token']:.2e}"] for d, a in avs.items() if "greedy_identical" in a["int8"]]))
    md = e["multi_domain"]
    out.append("**Two alignment vectors at once**\n")
    out.append(table(list(md[0]), [list(r.values()) for r in md]))
    out.append("**Sequence RM**: pairwise accuracy against the oracle on held-out pairs\n")
    out.append(table(["head", "accuracy", "pairs"], [[h, r["accuracy"], r["pairs"]] for h, r in e["rm_pairwise"].items()]))
    t = e["token_rm"]
    out.append("**Token RM**: AUROC of token rewards, edited against untouched tokens\n")
    out.append(table(["deleted vs untouched (worse answers)", "inserted vs untouched (better answers)", "both"],
                     [[t["auroc_deleted_vs_untouched"], t["auroc_inserted_vs_untouched"], t["auroc_edited_vs_untouched"]]]))
    for obj, g in e["arm_guidance"].items():
        out.append(f"**ARM `{obj}`**: held-out pair accuracy {fmt(e['arm_pair_accuracy'][obj])}; guided decoding "
                   f"log π_base + α log π_arm (α = 0 is plain sampling); raises its target at every α > 0: {fmt(g['raises_target'])}\n")
        out.append(table(list(g["sweep"][0]), [list(r.values()) for r in g["sweep"]]))
    if "training_methods" in e:
        out.append("**Training-time methods** (SPPO and iterative DPO iterations, sequence- and token-level PPO)\n")
        out.append(report_training(e["training_methods"]))
    return "\n".join(out)


def report_training(e: dict) -> str:
    """The training-time methods' table (forge/build/*/eval_training/evaluation.json)."""
    n = e["prompts"] * len(e["seeds"])
    out = [f"Oracle win rate against the base policy: {e['prompts']} held-out prompts × {len(e['seeds'])} seeds = {n} "
           "answers each, one per prompt and seed from every policy, compared on the oracle's `overall` (a tie counts ½; "
           "± one standard error). Learned reward = the sequence RM's `overall` head. "
           f"Base: learned reward {fmt(e['base']['learned_reward'])}, {fmt(e['base']['words'])} words.\n"]
    rows = [[name, f"{r['win_rate']:.3f} ± {r['stderr']:.3f}", r["wins"], r["ties"], r["losses"], r["learned_reward"],
             r["words"], r["wellformed_a"]] for name, r in e["against_base"].items()]
    out.append(table(["policy", "win rate vs base", "wins", "ties", "losses", "learned reward", "words", "well-formed"], rows))
    out.append(table(["head to head", "win rate of the first"],
                     [[pair, f"{r['win_rate']:.3f} ± {r['stderr']:.3f}"] for pair, r in e["head_to_head"].items()]))
    return "\n".join(out)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--training":
        with open(sys.argv[2]) as f:
            print(report_training(json.load(f)))
        sys.exit(0)
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "public", "models", "manifest.json")
    with open(path) as f:
        print(report(json.load(f)))
