"""The forge's window on the synthetic world, which lives in TypeScript (src/world) and
is shared with the app. Two calls cross the language boundary through the world CLI:
`export` writes the JSONL data sets, `score` runs the exact oracle on any texts."""
import json
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TSX = os.path.join(ROOT, "node_modules", ".bin", "tsx")
CLI = os.path.join(ROOT, "src", "world", "cli.ts")


class WorldError(RuntimeError):
    pass


def _run(args, stdin=None) -> str:
    if not os.path.exists(TSX):
        raise WorldError(f"{TSX} is missing: run `npm ci` in {ROOT} first (the world is TypeScript).")
    proc = subprocess.run([TSX, CLI, *args], input=stdin, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise WorldError(f"world CLI `{' '.join(args)}` failed:\n{proc.stderr.strip()[-2000:]}")
    return proc.stdout


def export(out_dir: str, seed: int, corpus: int, groups: int, edits: int) -> dict:
    out = _run(["export", "--seed", str(seed), "--corpus", str(corpus), "--groups", str(groups),
                "--edits", str(edits), "--out", out_dir])
    return json.loads(out.strip().splitlines()[-1])


def score(pairs) -> list:
    """Oracle scores for [(instruction, answer)], in order."""
    if not pairs:
        return []
    lines = "".join(json.dumps({"instruction": i, "answer": a}) + "\n" for i, a in pairs)
    out = _run(["score"], stdin=lines).strip().splitlines()
    if len(out) != len(pairs):
        raise WorldError(f"oracle returned {len(out)} scores for {len(pairs)} texts")
    return [json.loads(l) for l in out]


def read_jsonl(path: str) -> list:
    if not os.path.exists(path):
        raise WorldError(f"missing data file {path}: the `data` stage writes it (run forge/run.sh)")
    with open(path) as f:
        rows = [json.loads(l) for l in f if l.strip()]
    if not rows:
        raise WorldError(f"{path} is empty")
    return rows
