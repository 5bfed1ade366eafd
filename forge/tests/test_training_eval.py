import os
import tempfile
import types
import unittest
from unittest import mock

import _path  # noqa: F401
import torch

from model import load_model
from report import report_training
import training_eval
from tests.test_ppo import tiny_world


def fake_oracle(pairs):
    """Oracle scores that depend on the answer only: overall = its length mod 7, over 7."""
    return [{"dims": {"overall": (len(a) % 7) / 7}, "wellformed": 1.0, "words": len(a.split())} for _, a in pairs]


class TrainingEvalTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        d = self.dir.name
        self.tok = tiny_world(d)
        self.base = load_model(os.path.join(d, "policy.pt"))
        self.rm = load_model(os.path.join(d, "rm.pt"))
        torch.manual_seed(5)
        self.other = load_model(os.path.join(d, "policy.pt"))
        with torch.no_grad():
            for p in self.other.parameters():
                p.add_(torch.randn_like(p))
        self.cfg = types.SimpleNamespace(seed=3, eval_prompts=1, max_new_tokens=6, temperature=1.0,
                                         rm=types.SimpleNamespace(max_len=64))

    def tearDown(self):
        self.dir.cleanup()

    def evaluate(self, oracle):
        with mock.patch.object(training_eval.world, "score", side_effect=oracle) as score:
            out = training_eval.evaluate_training(self.cfg, self.base, {"same": self.base, "other": self.other}, self.rm,
                                                  self.tok, self.dir.name, seeds=(0, 1, 2), pairs=[("other", "same")])
        return out, score

    def test_every_answer_goes_to_the_oracle_in_one_call_and_a_copy_of_the_base_ties_it_everywhere(self):
        out, score = self.evaluate(fake_oracle)
        score.assert_called_once()
        # base, same and other each answer the one held-out prompt under 3 seeds
        self.assertEqual(len(score.call_args.args[0]), 3 * 3)
        same = out["against_base"]["same"]
        self.assertEqual((same["win_rate"], same["ties"], same["prompts"]), (0.5, 3, 3))
        self.assertEqual(same["learned_reward"], out["base"]["learned_reward"])
        self.assertEqual(out["prompts"], 1)
        self.assertEqual(out["seeds"], [0, 1, 2])

    def test_head_to_head_is_the_mirror_of_the_comparisons_against_the_base_for_a_copy_of_it(self):
        out, _ = self.evaluate(fake_oracle)
        self.assertAlmostEqual(out["head_to_head"]["other vs same"]["win_rate"], out["against_base"]["other"]["win_rate"])

    def test_the_seeds_give_different_samples_and_the_same_seeds_the_same_ones(self):
        seen = []
        self.evaluate(lambda pairs: seen.append([a for _, a in pairs]) or fake_oracle(pairs))
        self.evaluate(lambda pairs: seen.append([a for _, a in pairs]) or fake_oracle(pairs))
        self.assertEqual(seen[0], seen[1])
        base_answers = seen[0][:3]
        self.assertGreater(len(set(base_answers)), 1)

    def test_the_report_prints_a_row_per_policy_and_per_pair_with_its_standard_error(self):
        out, _ = self.evaluate(fake_oracle)
        text = report_training(out)
        rows = [l for l in text.splitlines() if l.startswith("| same") or l.startswith("| other")]
        self.assertEqual(len(rows), 3)
        self.assertIn("| same | 0.500 ± 0.000 | 0 | 3 | 0 |", text)
        self.assertIn("| other vs same |", text)
        self.assertIn("1 held-out prompts × 3 seeds = 3 answers each", text)


if __name__ == "__main__":
    unittest.main()
