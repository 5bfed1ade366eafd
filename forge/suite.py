"""Assemble the embedded suite: every model in the Hugging Face layout, the Alignment
Vectors as safetensors, golden outputs for the TypeScript side and the manifest."""
import json
import os

import numpy as np
import regex
import torch

from config import ARM_DIMS, AV_DIMS, RM_DIMS
from data import pad
from evaluate import mix
from export_onnx import externalize_weights, graph_weights, weights_as_inputs, write_model_folder
from model import flops_per_token, load_model
from quantize import dequantize_rows, fidelity, quantize_rows
from sample import generate, top_logits
from stage import sha256_file
from tokenizer import SPECIALS, Tokenizer
from token_reward import LABELS
import safetensors

GOLDEN_STRINGS = [
    "Hello world!",
    "What should I do about a persistent cough?",
    "  Two  spaces, $12,000.50 and 3 numbers: 1 22 333.",
    "I'm sorry you're dealing with this; it'll be fine.",
    "naïve café — 😀 unicode\nnew line\ttab",
    "<|user|>Briefly, how do I clean an oven?<|end|><|assistant|>First, remove the racks.<|end|>",
]
CONTEXT_FOR_FLOPS = 128
# the policy's graph with its weights as inputs (export_onnx.weights_as_inputs)
WEIGHTS_AS_INPUTS = "onnx/model_weights_as_inputs.onnx"


def encode_with_specials(tok: Tokenizer, text: str) -> list:
    """As the Hugging Face tokenizer does: split on special tokens first."""
    parts = regex.split("(" + "|".join(regex.escape(s) for s in SPECIALS) + ")", text)
    return [i for p in parts if p for i in ([tok.special[p]] if p in tok.special else tok.encode(p))]


def lm_golden(model, tok, prompts, n_new: int) -> list:
    out = []
    for x in prompts:
        ids = tok.chat(x)
        greedy = generate(model, [ids], tok.special["<|end|>"], n_new, greedy=True)[0]
        top_ids, top_vals = top_logits(model, ids, 5)
        out.append({"instruction": x, "prompt_ids": ids, "max_new_tokens": n_new, "greedy_ids": greedy, "top_ids": top_ids, "top_logits": top_vals})
    return out


@torch.no_grad()
def rm_golden(model, tok, items) -> list:
    out = []
    for x, a in items:
        ids = tok.chat(x, a)
        logits = model(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long))[0][0]
        out.append({"instruction": x, "answer": a, "input_ids": ids, "logits": logits.tolist()})
    return out


def write_av(policy_dir: str, base, aligned: dict, checkpoints: dict) -> tuple:
    """The policy's weights go to onnx/model.onnx_data; av/<dim>.safetensors holds each
    delta AV_d = θ_aligned,d − θ_base in the graph's names and layout as int8 steps, with a
    float32 scale per row of the model's parameter in `NAME.scale` (quantize.py). A graph
    weight stored transposed (`NAME.T`, such as the tied LM head) keeps its parameter's row
    scales, which are then its columns (`scale_axis` 1), so both copies of a tied weight
    mix to the same values. av/vectors.json says where each weight lies in model.onnx_data.
    Returns the deltas as the app will mix them (dequantized, in the model's names) and
    the int8 fidelity of each."""
    graph = os.path.join(policy_dir, "onnx", "model.onnx")
    names = graph_weights(graph).keys()
    layout = externalize_weights(graph)
    missing = sorted(set(names) - set(layout))
    if missing:
        raise RuntimeError(f"weights without an external-data entry: {missing}")
    as_inputs = weights_as_inputs(graph, os.path.join(policy_dir, WEIGHTS_AS_INPUTS))
    if sorted(as_inputs) != sorted(layout):
        raise RuntimeError(f"{WEIGHTS_AS_INPUTS} takes {sorted(as_inputs)} as inputs, not the layout's {sorted(layout)}")
    av_dir = os.path.join(policy_dir, "av")
    os.makedirs(av_dir)
    base_sd = {k: v.detach().numpy() for k, v in base.state_dict().items()}
    params = {n: (n[:-2], True) if n.endswith(".T") else (n, False) for n in names}
    norms, fidelities, as_mixed = {}, {}, {}
    for d, model in aligned.items():
        sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}
        delta = {p: sd[p] - base_sd[p] for p, _ in set(params.values())}
        quantized = {p: quantize_rows(x) for p, x in delta.items()}
        stored = {}
        for name, (p, transposed) in params.items():
            q, scale = quantized[p]
            stored[name], stored[f"{name}.scale"] = (q.T if transposed else q), scale
        safetensors.save(stored, os.path.join(av_dir, f"{d}.safetensors"), {"role": "alignment_vector", "dimension": d})
        norms[d] = float(np.sqrt(sum(float((x.astype(np.float32) ** 2).sum()) for x in delta.values())))
        fidelities[d] = fidelity(delta)
        as_mixed[d] = {k: torch.from_numpy(dequantize_rows(*quantized[k])) if k in quantized else torch.zeros_like(v)
                       for k, v in base.state_dict().items()}
    with open(os.path.join(av_dir, "vectors.json"), "w") as f:
        json.dump({"dimensions": list(aligned), "weights_file": "onnx/model.onnx_data", "weights_dtype": "float32",
                   "layout": {n: layout[n] for n in sorted(names)}, "delta_dtype": "int8",
                   "scale_axis": {n: int(params[n][1]) for n in sorted(names)}, "l2_norm": norms,
                   "checkpoints": checkpoints, "weights_as_inputs_graph": WEIGHTS_AS_INPUTS,
                   "rule": "theta = base + sum_d lambda_d * AV_d, AV_d = int8 * scale along scale_axis"}, f, indent=1)
    return as_mixed, fidelities


@torch.no_grad()
def int8_behaviour(exact, stored, tok, prompts, n_new: int = 24) -> dict:
    """What int8 storage costs in behaviour: θ_base + the stored delta (λ = 1) against the
    float32 model it came from, on `prompts`: the share of greedy continuations that come
    out identical, and the mean KL(exact ‖ stored) per token over the exact model's greedy
    answers."""
    end = tok.special["<|end|>"]
    ids = [tok.chat(x) for x in prompts]
    a = generate(exact, ids, end, n_new, greedy=True)
    b = generate(stored, ids, end, n_new, greedy=True)
    seqs, mask = pad([p + y for p, y in zip(ids, a)])
    lp = torch.log_softmax(exact(seqs, mask)[0].double(), -1)
    lq = torch.log_softmax(stored(seqs, mask)[0].double(), -1)
    kl = (lp.exp() * (lp - lq)).sum(-1)
    # position t predicts token t + 1: the answer's tokens are predicted from len(p) - 1 on
    on_answer = torch.zeros_like(kl)
    for i, (p, y) in enumerate(zip(ids, a)):
        on_answer[i, len(p) - 1:len(p) - 1 + len(y)] = 1
    return {"greedy_identical": sum(x == y for x, y in zip(a, b)) / len(a),
            "kl_per_token": float((kl * on_answer).sum() / on_answer.sum().clamp(min=1)), "prompts": len(prompts)}


def files_of(folder: str) -> dict:
    out = {}
    for root, _, names in os.walk(folder):
        for n in sorted(names):
            p = os.path.join(root, n)
            out[os.path.relpath(p, folder)] = {"bytes": os.path.getsize(p), "sha256": sha256_file(p)}
    return out


def assemble(cfg, out: str, tok_dir: str, models: dict, stamps: dict, evaluation: dict, env: dict, checkpoints: dict):
    """models: name -> model path; stamps: stage name -> stamp (for training metrics);
    checkpoints: group -> stage names of training-time policies shipped as AVs."""
    tok = Tokenizer.load(os.path.join(tok_dir, "tokenizer.json"))
    base = load_model(models["policy"])
    prompts = [x for _, x in evaluation["golden_prompts"]]
    golden = {"tokenizer": [{"text": s, "ids": encode_with_specials(tok, s)} for s in GOLDEN_STRINGS], "models": {}}
    entries = {}

    def add(name, model, kind, stage, labels=None, extra=None):
        folder = os.path.join(out, name)
        write_model_folder(model, tok, tok_dir, folder, kind, labels, extra)
        entries[name] = {"kind": kind, "path": name, "params": model.n_params(), "config": model.cfg.to_dict(),
                         "flops_per_token": flops_per_token(model.cfg, CONTEXT_FOR_FLOPS),
                         "training": stamps[stage]["metrics"], "train_seconds": stamps[stage]["seconds"]}
        return folder

    # the policy keeps its weights in onnx/model.onnx_data (see write_av); transformers.js reads this key
    policy_dir = add("policy", base, "policy", "policy", extra={"transformers.js_config": {"use_external_data_format": True}})
    stage_of = {**{d: f"av_{d}" for d in AV_DIMS}, **{n: n for group in checkpoints.values() for n in group}}
    aligned = {d: load_model(models[stage]) for d, stage in stage_of.items()}
    stored, fidelities = write_av(policy_dir, base, aligned, checkpoints)
    for d, model in aligned.items():
        fidelities[d].update(int8_behaviour(model, mix(base, stored, {d: 1.0}), tok, prompts))
    entries["policy"]["alignment_vectors"] = {d: {**stamps[stage]["metrics"], "int8": fidelities[d]} for d, stage in stage_of.items()}
    golden["models"]["policy"] = lm_golden(base, tok, prompts, 24)
    # the app mixes the stored int8 deltas, so the golden does too
    mixed = mix(base, stored, {AV_DIMS[0]: 1.0, "warmth": 0.5})
    golden["models"]["policy_mixed"] = {"lambdas": {AV_DIMS[0]: 1.0, "warmth": 0.5}, "cases": lm_golden(mixed, tok, prompts[:2], 24)}
    for obj in ARM_DIMS:
        arm = load_model(models[f"arm_{obj}"])
        add(f"arm-{obj}", arm, "arm", f"arm_{obj}", extra={"alignscope_objective": obj, "alignscope_beta_r": cfg.arm_beta(obj)})
        golden["models"][f"arm-{obj}"] = lm_golden(arm, tok, prompts, 16)
    rm = load_model(models["rm"])
    add("rm", rm, "sequence_reward", "rm", labels=RM_DIMS)
    pairs = [(x, a["answer"]) for x, a in zip(prompts, evaluation["policy"]["examples"])]
    golden["models"]["rm"] = rm_golden(rm, tok, pairs)
    trm = load_model(models["token_rm"])
    add("token-rm", trm, "token_reward", "token_rm", labels=LABELS)
    golden["models"]["token-rm"] = rm_golden(trm, tok, pairs[:2])

    for name, e in entries.items():
        e["files"] = files_of(os.path.join(out, name))
        e["bytes"] = sum(f["bytes"] for f in e["files"].values())
    with open(os.path.join(out, "golden.json"), "w") as f:
        json.dump(golden, f)
    manifest = {
        "suite": "alignscope-embedded", "quick": cfg.quick, "seed": cfg.seed,
        "settings": {k: v for k, v in cfg.section("corpus", "groups", "edits", "vocab_size", "batch", "policy_steps",
                                                   "dpo_steps", "dpo_beta", "rm_steps", "token_rm_steps", "genarm_steps",
                                                   "genarm_beta", "genarm_beta_concision", "temperature").items()},
        "environment": env, "vocab_size": tok.vocab_size, "models": entries,
        "evaluation": {k: v for k, v in evaluation.items() if k != "golden_prompts"},
        "flops_context": CONTEXT_FOR_FLOPS,
    }
    manifest["total_bytes"] = sum(e["bytes"] for e in entries.values()) + os.path.getsize(os.path.join(out, "golden.json"))
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    return manifest
