import os
import tempfile
import unittest

import _path  # noqa: F401

from data import edit_token_labels
from stage import Build
import safetensors
import numpy as np


class StageTest(unittest.TestCase):
    def test_stage_runs_once_and_reruns_when_settings_change(self):
        calls = []
        with tempfile.TemporaryDirectory() as root:
            b = Build(root, log=lambda m: None)

            def fn(d):
                calls.append(d)
                open(os.path.join(d, "out.txt"), "w").write("x")
                return {"n": 1}
            b.run("s", fn, {"a": 1})
            b.run("s", fn, {"a": 1})
            self.assertEqual(len(calls), 1)
            b.run("s", fn, {"a": 2})
            self.assertEqual(len(calls), 2)
            self.assertTrue(os.path.exists(os.path.join(root, "s", "out.txt")))

    def test_a_source_edited_mid_build_reruns_the_stage_in_the_next_build_only(self):
        calls = []
        with tempfile.TemporaryDirectory() as root:
            src = os.path.join(root, "code.py")
            open(src, "w").write("v = 1\n")

            def fn(d):
                calls.append(d)
            b = Build(root, log=lambda m: None)
            b.run("s", fn, {}, sources=[src])
            open(src, "w").write("v = 2\n")   # the running build still has the old code loaded
            b.run("s", fn, {}, sources=[src])
            self.assertEqual(len(calls), 1)
            Build(root, log=lambda m: None).run("s", fn, {}, sources=[src])
            self.assertEqual(len(calls), 2)

    def test_a_content_keyed_stage_rebuilt_to_the_same_output_leaves_its_dependants_up_to_date(self):
        calls = []
        with tempfile.TemporaryDirectory() as root:
            src = os.path.join(root, "world.ts")
            open(src, "w").write("// v1\n")
            out = {"text": "same"}

            def export(d):
                calls.append("export")
                open(os.path.join(d, "data.jsonl"), "w").write(out["text"])

            def train(d):
                calls.append("train")

            def build():
                b = Build(root, log=lambda m: None)
                b.run("data", export, {}, sources=[src], content_keyed=True)
                b.run("model", train, {}, deps=["data"])
            build()
            open(src, "w").write("// v2: a comment, the same data\n")
            build()
            self.assertEqual(calls, ["export", "train", "export"])
            out["text"] = "different"
            open(src, "w").write("// v3: different data\n")
            build()
            self.assertEqual(calls, ["export", "train", "export", "export", "train"])

    def test_failed_stage_leaves_no_finished_output(self):
        with tempfile.TemporaryDirectory() as root:
            b = Build(root, log=lambda m: None)

            def boom(d):
                open(os.path.join(d, "half.txt"), "w").write("x")
                raise RuntimeError("interrupted")
            with self.assertRaises(RuntimeError):
                b.run("s", boom, {})
            self.assertFalse(os.path.exists(os.path.join(root, "s")))

    def test_safetensors_round_trip(self):
        with tempfile.TemporaryDirectory() as root:
            p = os.path.join(root, "w.safetensors")
            t = {"a": np.arange(6, dtype=np.float32).reshape(2, 3), "b": np.array([0.5, -1], dtype=np.float16)}
            safetensors.save(t, p, {"role": "test"})
            back = safetensors.load(p)
            np.testing.assert_array_equal(back["a"], t["a"])
            np.testing.assert_array_equal(back["b"], t["b"])

    def test_minimal_edit_labels_mark_replaced_and_inserted_tokens(self):
        worse, better = [1, 2, 3, 4], [1, 9, 3, 4, 5]
        lw, lb = edit_token_labels(worse, better)
        self.assertEqual(lw, [0, -1, 0, 0])
        self.assertEqual(lb, [0, 1, 0, 0, 1])


if __name__ == "__main__":
    unittest.main()


class BadInputTest(unittest.TestCase):
    def test_missing_corpus_names_the_file_and_the_stage_that_writes_it(self):
        from world import WorldError, read_jsonl
        with self.assertRaisesRegex(WorldError, r"missing data file .*corpus.jsonl.*data. stage"):
            read_jsonl("/nonexistent/corpus.jsonl")

    def test_full_build_refuses_the_reference_blas(self):
        import env_check
        real = env_check.loaded_blas
        env_check.loaded_blas = lambda: ["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"]
        try:
            with self.assertRaisesRegex(SystemExit, "reference BLAS.*libopenblas0-pthread"):
                env_check.check(quick=False, threads=1)
            env_check.check(quick=True, threads=1)  # a quick build is allowed
        finally:
            env_check.loaded_blas = real
