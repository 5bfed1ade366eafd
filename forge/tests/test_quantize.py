import copy
import os
import tempfile
import unittest

import _path  # noqa: F401
import numpy as np
import torch

from model import load_model
from quantize import dequantize_rows, fidelity, quantize_rows
from suite import int8_behaviour
from tests.test_ppo import tiny_world


class QuantizeTest(unittest.TestCase):
    def test_each_row_keeps_its_own_scale_and_rounds_to_the_nearest_step(self):
        x = np.array([[1.27, -0.6, 0.0], [0.0, 0.0, 0.0], [0.01, 0.03, -0.04]], dtype=np.float32)
        q, scale = quantize_rows(x)
        np.testing.assert_allclose(scale, [0.01, 0.0, 0.04 / 127], rtol=1e-6)
        self.assertEqual(q.dtype, np.int8)
        np.testing.assert_array_equal(q[0], [127, -60, 0])
        np.testing.assert_array_equal(q[1], [0, 0, 0])        # an all-zero row stays zero
        np.testing.assert_array_equal(q[2], [32, 95, -127])  # 31.75 and 95.25 steps

    def test_the_round_trip_is_within_half_a_step_everywhere(self):
        rng = np.random.default_rng(0)
        x = rng.normal(size=(64, 48)).astype(np.float32) * rng.uniform(0.001, 1, size=(64, 1)).astype(np.float32)
        q, scale = quantize_rows(x)
        err = np.abs(dequantize_rows(q, scale) - x)
        self.assertTrue((err <= scale[:, None] / 2 + 1e-7).all())

    def test_a_vector_is_one_row(self):
        q, scale = quantize_rows(np.array([0.5, -1.0], dtype=np.float32))
        self.assertEqual(scale.shape, (1,))
        np.testing.assert_array_equal(q, [64, -127])

    def test_fidelity_is_zero_for_exact_steps_and_small_for_noise(self):
        exact = {"w": np.array([[127, 64, -127]], dtype=np.float32) * 0.5}
        self.assertEqual(fidelity(exact)["relative_l2_error"], 0.0)
        noisy = {"w": np.random.default_rng(1).normal(size=(32, 32)).astype(np.float32)}
        self.assertLess(fidelity(noisy)["relative_l2_error"], 0.01)


class Int8BehaviourTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.tok = tiny_world(self.dir.name)
        self.exact = load_model(os.path.join(self.dir.name, "policy.pt"))
        self.prompts = ["How do I treat a cough?", "Can I break my lease?"]

    def tearDown(self):
        self.dir.cleanup()

    def test_the_same_weights_cost_nothing(self):
        out = int8_behaviour(self.exact, copy.deepcopy(self.exact), self.tok, self.prompts, n_new=6)
        self.assertEqual(out["greedy_identical"], 1.0)
        self.assertAlmostEqual(out["kl_per_token"], 0.0, places=12)
        self.assertEqual(out["prompts"], 2)

    def test_other_weights_cost_a_positive_kl(self):
        other = copy.deepcopy(self.exact)
        with torch.no_grad():
            other.embed_tokens.weight.add_(torch.randn_like(other.embed_tokens.weight))
        self.assertGreater(int8_behaviour(self.exact, other, self.tok, self.prompts, n_new=6)["kl_per_token"], 1e-4)


if __name__ == "__main__":
    unittest.main()
