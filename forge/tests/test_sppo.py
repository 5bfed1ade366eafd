import math
import os
import tempfile
import types
import unittest

import _path  # noqa: F401
import torch

from model import load_model
import sppo
from tests.test_ppo import tiny_world


def tiny_cfg(**over):
    s = dict(seed=3, batch=8, max_new_tokens=8, temperature=1.0, sppo_prompts=4, sppo_k=3, sppo_eta=4.0,
             sppo_epochs=2, sppo_lr=1e-2, dpo_beta=0.1, rm=types.SimpleNamespace(max_len=64))
    s.update(over)
    return types.SimpleNamespace(**s)


class SppoMathTest(unittest.TestCase):
    def test_win_rate_against_the_policy_averages_bradley_terry_over_the_samples_itself_included(self):
        p = sppo.bt_win_rates(torch.tensor([1.0, 0.0, 0.0]))
        s = 1 / (1 + math.exp(-1))
        self.assertAlmostEqual(p[0].item(), (0.5 + s + s) / 3, places=6)
        self.assertAlmostEqual(p[1].item(), (1 - s + 0.5 + 0.5) / 3, places=6)
        self.assertAlmostEqual(p.mean().item(), 0.5, places=6)  # P(y ≻ y') + P(y' ≻ y) = 1

    def test_sppo_loss_is_zero_when_log_ratios_equal_eta_times_the_advantage_over_a_half(self):
        win = torch.tensor([0.75, 0.5, 0.25])
        self.assertAlmostEqual(sppo.sppo_loss(torch.tensor([1.0, 0.0, -1.0]), win, eta=4.0).item(), 0.0)
        # off by 1 on one of three items: mean square error 1/3
        self.assertAlmostEqual(sppo.sppo_loss(torch.tensor([2.0, 0.0, -1.0]), win, eta=4.0).item(), 1 / 3, places=6)

    def test_dpo_loss_is_log_2_at_equal_ratios_and_falls_as_the_winner_gains(self):
        self.assertAlmostEqual(sppo.dpo_loss(torch.zeros(2), torch.zeros(2), 0.1).item(), math.log(2), places=6)
        self.assertLess(sppo.dpo_loss(torch.ones(2), torch.zeros(2), 0.1).item(), math.log(2))


class SppoIterationTest(unittest.TestCase):
    def test_iterations_take_disjoint_prompt_slices_and_refuse_to_run_out(self):
        with tempfile.TemporaryDirectory() as d:
            tiny_world(d)
            a, b = sppo.iteration_prompts(d, 1, 5, 0), sppo.iteration_prompts(d, 2, 5, 0)
            self.assertEqual(len(set(a) | set(b)), 10)
            self.assertEqual(a, sppo.iteration_prompts(d, 1, 5, 0))
            with self.assertRaisesRegex(ValueError, "iteration 3 needs 15 prompts; the data has 12"):
                sppo.iteration_prompts(d, 3, 5, 0)

    def test_an_iteration_of_each_method_trains_from_the_same_samples_and_is_deterministic(self):
        with tempfile.TemporaryDirectory() as d:
            tok_path = os.path.join(d, "tokenizer.json")
            tiny_world(d)
            logs = {}
            for method, out in (("sppo", "s1.pt"), ("sppo", "s1_again.pt"), ("idpo", "i1.pt")):
                lines = []
                m = sppo.train_iteration(tiny_cfg(), method, 1, d, tok_path, os.path.join(d, "policy.pt"),
                                         os.path.join(d, "rm.pt"), os.path.join(d, out), os.path.join(d, f"{out}.ck"),
                                         "key", lines.append)
                logs[out] = lines[0]
                self.assertEqual(m["prompts"], 4)
            # the same seed: both methods saw the same samples from the base
            self.assertEqual(logs["s1.pt"].split(" answers")[1].split(", ", 1)[1], logs["i1.pt"].split(" answers")[1].split(", ", 1)[1])
            a, again, base = (load_model(os.path.join(d, f)) for f in ("s1.pt", "s1_again.pt", "policy.pt"))
            for (name, p), q in zip(a.named_parameters(), again.parameters()):
                self.assertTrue(torch.equal(p, q), name)
            self.assertTrue(any(not torch.equal(p, r) for p, r in zip(a.parameters(), base.parameters())))

    def test_an_unknown_method_is_refused_by_name(self):
        with self.assertRaisesRegex(ValueError, "method 'ppo'"):
            sppo.train_iteration(tiny_cfg(), "ppo", 1, "", "", "", "", "", "", "", print)


if __name__ == "__main__":
    unittest.main()
