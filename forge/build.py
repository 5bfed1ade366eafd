"""Build the embedded model suite, stage by stage (see stage.py for the make-like rules).

  /usr/bin/python3 forge/build.py [--quick] [--out DIR] [setting=value ...]

The full build writes public/models/; --quick runs every stage at toy size into
forge/build/quick/suite (CI checks the pipeline with it and never touches the suite)."""
import glob
import os
import shutil
import sys
import time

FORGE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(FORGE)
sys.path.insert(0, FORGE)

import env_check  # noqa: E402  (checks the interpreter before torch is imported)


def main(argv):
    import config
    cfg = config.parse(argv)
    build_root = os.path.join(FORGE, "build", "quick" if cfg.quick else "full")
    out = argv[argv.index("--out") + 1] if "--out" in argv else (
        os.path.join(build_root, "suite") if cfg.quick else os.path.join(ROOT, "public", "models"))
    os.makedirs(build_root, exist_ok=True)
    log_file = open(os.path.join(build_root, "forge.log"), "a")

    def log(msg):
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    env = env_check.check(cfg.quick, cfg.threads)
    log(f"forge: {'quick' if cfg.quick else 'full'} build, python {env['python']}, torch {env['torch']}, "
        f"{env['threads']} threads, BLAS {env['blas']}")
    from world import WorldError
    try:
        run_stages(cfg, build_root, out, env, log)
    except KeyboardInterrupt:
        log("interrupted: finished stages and training checkpoints are kept; run the same command to resume")
        return 130
    except WorldError as e:
        log(f"forge: {e}")
        return 1
    return 0


def run_stages(cfg, build_root, out, env, log):
    from dataclasses import replace
    import torch
    from config import ARM_DIMS, AV_DIMS, RM_DIMS
    from stage import Build, read_json, atomic_write_json as write_json
    import arm, dpo, evaluate, ppo, pretrain, reward, reward_eval, sppo, suite, token_reward, tokenizer, training_eval, world
    from model import load_model
    from data import load

    b = Build(build_root, log)
    world_sources = sorted(glob.glob(os.path.join(ROOT, "src", "world", "*.ts"))) + [os.path.join(ROOT, "src", "core", "rng.ts")]
    world_sources = [s for s in world_sources if not s.endswith(".test.ts")]
    data = b.dir("data")
    tok_dir = b.dir("tokenizer")
    tok_path = os.path.join(tok_dir, "tokenizer.json")
    model_path = lambda stage: os.path.join(b.dir(stage), "model.pt")
    stamps = {}

    def export(d):
        return world.export(d, cfg.seed, cfg.corpus, cfg.groups, cfg.edits)
    # content-keyed: a change to the world's code that leaves the data as they were retrains nothing
    stamps["data"] = b.run("data", export, cfg.section("seed", "corpus", "groups", "edits"), sources=["world.py"] + world_sources,
                           content_keyed=True)

    def train_tokenizer(d):
        rows = world.read_jsonl(os.path.join(data, "corpus.jsonl"))
        tok = tokenizer.train_bpe([r["instruction"] + "\n" + r["answer"] for r in rows if r["split"] == "train"], cfg.vocab_size)
        tok.save(os.path.join(d, "tokenizer.json"))
        import json
        with open(os.path.join(d, "tokenizer_config.json"), "w") as f:
            json.dump(tokenizer.hf_tokenizer_config(), f, indent=1)
        return {"vocab_size": tok.vocab_size, "merges": len(tok.merges)}
    stamps["tokenizer"] = b.run("tokenizer", train_tokenizer, cfg.section("vocab_size"), deps=["data"], sources=["tokenizer.py"])

    lm_sources = ["model.py", "data.py", "trainer.py", "pretrain.py", "tokenizer.py"]

    def model_stage(name, train, settings, deps, sources=()):
        """A stage that trains one model into NAME/model.pt, checkpointing as it goes;
        train(out_path, ckpt_path, key) returns its metrics."""
        stamps[name] = b.run(name, lambda d: train(os.path.join(d, "model.pt"), b.ckpt(name), b.keys[name]),
                             settings, deps=deps, sources=lm_sources + list(sources))

    for name, shape, steps, lr in (("policy", cfg.policy, cfg.policy_steps, cfg.policy_lr),
                                   ("arm_base", cfg.arm, cfg.arm_pretrain_steps, cfg.arm_lr)):
        model_stage(name, lambda out, ck, key, shape=shape, steps=steps, lr=lr: pretrain.pretrain(
            cfg, shape, steps, lr, data, tok_path, out, ck, key, log),
            {"shape": shape.to_dict(), "steps": steps, "lr": lr, **cfg.section("seed", "batch")}, ["tokenizer"])
    for dim in AV_DIMS:
        model_stage(f"av_{dim}", lambda out, ck, key, dim=dim: dpo.train_dpo(
            cfg, dim, data, tok_path, model_path("policy"), out, ck, key, log),
            {"dim": dim, **cfg.section("seed", "batch", "dpo_steps", "dpo_lr", "dpo_beta")}, ["policy"], ["dpo.py"])
    # the sequence RM starts from the ARM base LM (see reward.py), so it has that model's shape
    model_stage("rm", lambda out, ck, key: reward.train_rm(cfg, data, tok_path, model_path("arm_base"), out, ck, key, log),
                {"heads": RM_DIMS, **cfg.section("seed", "rm_head_shares", "rm_steps", "rm_lr")},
                ["arm_base"], ["reward.py"])
    model_stage("token_rm", lambda out, ck, key: token_reward.train_token_rm(cfg, data, tok_path, out, ck, key, log),
                {"shape": cfg.rm.to_dict(), **cfg.section("seed", "batch", "token_rm_steps", "rm_lr")},
                ["tokenizer"], ["token_reward.py"])
    for obj in ARM_DIMS:
        arm_cfg = replace(cfg, genarm_beta=cfg.arm_beta(obj))
        model_stage(f"arm_{obj}", lambda out, ck, key, obj=obj, arm_cfg=arm_cfg: arm.train_arm(
            arm_cfg, obj, data, tok_path, model_path("arm_base"), out, ck, key, log),
            {"objective": obj, **arm_cfg.section("seed", "batch", "genarm_steps", "genarm_lr", "genarm_beta")},
            ["arm_base"], ["arm.py"])

    model_stages = ["policy"] + [f"av_{d}" for d in AV_DIMS] + ["rm", "token_rm"] + [f"arm_{o}" for o in ARM_DIMS]

    def run_eval(d):
        torch.manual_seed(cfg.seed)
        tok = tokenizer.Tokenizer.load(tok_path)
        base = load_model(model_path("policy"))
        vectors = {dim: evaluate.alignment_vector(base, load_model(model_path(f"av_{dim}"))) for dim in AV_DIMS}
        # pairwise figures on a fixed slice of the held-out groups: every pair of every
        # group (tens of thousands) made the full build's evaluation take longer than training
        held_out = cfg.eval_prompts * 8
        test_groups = load(data, "groups", "test")[:held_out]
        test_edits = load(data, "edits", "test")[:held_out]
        result = {"golden_prompts": evaluate.held_out_prompts(data, 1)}
        log("eval: base policy")
        result["policy"] = evaluate.evaluate_policy(cfg, base, tok, data)
        log("eval: alignment vectors")
        result["alignment_vectors"] = evaluate.evaluate_av(cfg, base, vectors, tok, data)
        result["multi_domain"] = evaluate.evaluate_multi_domain(cfg, base, vectors, tok, data)
        log("eval: reward models")
        result["rm_pairwise"] = reward_eval.rm_pairwise_accuracy(load_model(model_path("rm")), tok, test_groups, cfg.rm.max_len)
        result["token_rm"] = reward_eval.token_rm_auroc(load_model(model_path("token_rm")), tok, test_edits, cfg.rm.max_len)
        log("eval: ARMs")
        arms = {o: load_model(model_path(f"arm_{o}")) for o in ARM_DIMS}
        result["arm_pair_accuracy"] = {o: reward_eval.arm_pair_accuracy(m, tok, o, test_groups) for o, m in arms.items()}
        result["arm_guidance"] = evaluate.evaluate_arm(cfg, base, arms, tok, data)
        import json
        with open(os.path.join(d, "evaluation.json"), "w") as f:
            json.dump(result, f, indent=1)
        return {}
    b.run("eval", run_eval, cfg.section("seed", "eval_prompts", "eval_seeds", "max_new_tokens", "temperature", "av_lambdas",
                                        "arm_alphas"),
          deps=model_stages, sources=["evaluate.py", "reward_eval.py", "sample.py", "reward.py", "token_reward.py", "arm.py"])

    # training-time methods (issue 6): SPPO and iterative DPO iterations, each from the last
    start = {m: "policy" for m in sppo.METHODS}
    for t in range(1, cfg.sppo_iterations + 1):
        for method in sppo.METHODS:
            model_stage(f"{method}_{t}", lambda out, ck, key, method=method, t=t, prev=start[method]: sppo.train_iteration(
                cfg, method, t, data, tok_path, model_path(prev), model_path("rm"), out, ck, key, log),
                {"method": method, "iteration": t, **cfg.section("seed", "batch", "sppo_prompts", "sppo_k", "sppo_eta",
                                                                 "sppo_epochs", "sppo_lr", "dpo_beta", "max_new_tokens",
                                                                 "temperature")},
                [start[method], "rm"], ["sppo.py", "sample.py", "reward.py"])
            start[method] = f"{method}_{t}"
    # fine-grained (token RM) against sequence-level (RM at the last token) PPO, same budget
    for kind in ppo.KINDS:
        model_stage(f"ppo_{kind}", lambda out, ck, key, kind=kind: ppo.train_ppo(
            cfg, kind, data, tok_path, model_path("policy"), model_path("rm"), model_path("token_rm"), out, ck, key, log),
            {"kind": kind, **ppo.ppo_settings(cfg), **cfg.section("seed", "max_new_tokens")},
            ["policy", "rm", "token_rm"], ["ppo.py", "sample.py", "reward.py", "token_reward.py"])
    trained = [f"{m}_{t}" for t in range(1, cfg.sppo_iterations + 1) for m in sppo.METHODS] + [f"ppo_{k}" for k in ppo.KINDS]

    def run_training_eval(d):
        torch.manual_seed(cfg.seed)
        result = training_eval.evaluate_training(
            cfg, load_model(model_path("policy")), {n: load_model(model_path(n)) for n in trained},
            load_model(model_path("rm")), tokenizer.Tokenizer.load(tok_path), data,
            pairs=[("ppo_token", "ppo_sequence")] + [(f"sppo_{t}", f"idpo_{t}") for t in range(1, cfg.sppo_iterations + 1)])
        write_json(result, os.path.join(d, "evaluation.json"))
        return {}
    b.run("eval_training", run_training_eval, cfg.section("seed", "eval_prompts", "max_new_tokens", "temperature"),
          deps=["policy", "rm"] + trained, sources=["training_eval.py", "winrate.py", "evaluate.py", "sample.py", "reward.py"])

    # the suite ships SPPO's iterations and both PPO policies as alignment vectors beside the
    # preference dimensions; iterative DPO is trained for the comparison only
    checkpoints = {"sppo": [f"sppo_{t}" for t in range(1, cfg.sppo_iterations + 1)], "ppo": [f"ppo_{k}" for k in ppo.KINDS]}
    shipped = [n for group in checkpoints.values() for n in group]

    def assemble(d):
        evaluation = read_json(os.path.join(b.dir("eval"), "evaluation.json"))
        evaluation["training_methods"] = read_json(os.path.join(b.dir("eval_training"), "evaluation.json"))
        models = {s: model_path(s) for s in model_stages + shipped}
        suite.assemble(cfg, os.path.join(d, "suite"), tok_dir, models, stamps, evaluation, env, checkpoints)
        return {}
    b.run("suite", assemble, cfg.section("seed"), deps=model_stages + ["eval"] + shipped + ["eval_training"],
          sources=["suite.py", "export_onnx.py", "safetensors.py", "quantize.py", "sample.py"])
    publish(os.path.join(b.dir("suite"), "suite"), out, log)


def publish(src: str, dst: str, log):
    """Copy the finished suite to dst, replacing the old one only once the copy is whole."""
    tmp, old = f"{dst}.tmp", f"{dst}.old"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(src, tmp)
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(dst):
        os.replace(dst, old)
    os.replace(tmp, dst)
    shutil.rmtree(old, ignore_errors=True)
    log(f"suite published to {dst}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
