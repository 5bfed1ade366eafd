"""Make-like stages. A stage's key is the hash of everything it reads: its settings, the
keys of the stages it depends on and the source files that implement it. Its output
folder is built under a temporary name and renamed into place only when complete, with
the key in `stamp.json`; a later build whose key matches skips the stage. Nothing half
written is ever left where a reader would take it for finished work.

A content-keyed stage (the world's data export) passes on the digest of what it wrote
instead of its key: editing the world's code re-exports the data, but when the data come out
byte for byte the same, nothing downstream is rebuilt (early cutoff, as in Shake)."""
import hashlib
import json
import os
import shutil
import time

import torch

FORGE = os.path.dirname(os.path.abspath(__file__))


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def stage_key(settings: dict, deps: list, sources: list, digest=sha256_file) -> str:
    h = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    for d in deps:
        h.update(d.encode())
    for s in sources:
        h.update(digest(s if os.path.isabs(s) else os.path.join(FORGE, s)).encode())
    return h.hexdigest()[:16]


def output_digest(folder: str) -> str:
    """The digest of a folder's files (names and contents), for a content-keyed stage."""
    h = hashlib.sha256()
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(root, f)
            h.update(os.path.relpath(path, folder).encode())
            h.update(sha256_file(path).encode())
    return h.hexdigest()[:16]


def atomic_torch_save(obj, path: str):
    tmp = f"{path}.tmp-{os.getpid()}"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def atomic_write_json(obj, path: str):
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def read_json(path: str):
    with open(path) as f:
        return json.load(f)


class Build:
    def __init__(self, root: str, log):
        self.root = root
        self.log = log
        self.keys = {}
        # The forge's modules are imported once, when the build starts: keys hash the code as
        # it was then, so a source edited mid-build cannot stamp output of the old code as new.
        self.digests = {os.path.join(FORGE, f): sha256_file(os.path.join(FORGE, f))
                        for f in os.listdir(FORGE) if f.endswith(".py")}
        os.makedirs(os.path.join(root, "ckpt"), exist_ok=True)

    def digest(self, path: str) -> str:
        if path not in self.digests:
            self.digests[path] = sha256_file(path)
        return self.digests[path]

    def dir(self, name: str) -> str:
        return os.path.join(self.root, name)

    def ckpt(self, name: str) -> str:
        return os.path.join(self.root, "ckpt", f"{name}.pt")

    def run(self, name: str, fn, settings: dict, deps=(), sources=(), content_keyed: bool = False):
        """Run fn(out_dir) -> metrics unless the stage is up to date; returns its stamp."""
        key = stage_key(settings, [self.keys[d] for d in deps], list(sources) + ["stage.py"], self.digest)
        # what dependants hash: the key, or for a content-keyed stage the digest of its output
        self.keys[name] = key
        final = self.dir(name)
        stamp_path = os.path.join(final, "stamp.json")
        if os.path.exists(stamp_path) and read_json(stamp_path).get("key") == key:
            self.log(f"[{name}] up to date ({key})")
            stamp = read_json(stamp_path)
            if content_keyed:
                self.keys[name] = stamp["output"]
            return stamp
        tmp = f"{final}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        self.log(f"[{name}] building ({key})")
        t0 = time.time()
        metrics = fn(tmp) or {}
        stamp = {"key": key, "stage": name, "seconds": round(time.time() - t0, 1), "metrics": metrics}
        if content_keyed:
            stamp["output"] = self.keys[name] = output_digest(tmp)
        atomic_write_json(stamp, os.path.join(tmp, "stamp.json"))
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
        ck = self.ckpt(name)
        if os.path.exists(ck):
            os.remove(ck)
        self.log(f"[{name}] done in {stamp['seconds']}s")
        return stamp
