import os
import tempfile
import types
import unittest

import _path  # noqa: F401
import torch

from config import RM_DIMS
from model import ModelConfig, Transformer, save_model
import reward

SHAPE = dict(vocab_size=40, n_layer=1, n_head=2, d_model=16, d_ff=32)


class RewardModelInitTest(unittest.TestCase):
    def test_the_sequence_rm_takes_the_lms_trunk_and_a_fresh_head_per_rm_head(self):
        with tempfile.TemporaryDirectory() as d:
            torch.manual_seed(0)
            lm = Transformer(ModelConfig(**SHAPE))
            save_model(lm, os.path.join(d, "lm.pt"))
            rm = reward.init_from_lm(os.path.join(d, "lm.pt"))
            self.assertEqual(rm.cfg.head, "seq")
            self.assertEqual(rm.score.weight.shape[0], len(RM_DIMS))
            for k, v in lm.state_dict().items():
                torch.testing.assert_close(rm.state_dict()[k], v)

    def test_a_model_that_is_not_a_plain_lm_is_refused_by_name(self):
        with tempfile.TemporaryDirectory() as d:
            save_model(Transformer(ModelConfig(**SHAPE, head="token", n_out=3)), os.path.join(d, "trm.pt"))
            with self.assertRaisesRegex(ValueError, r"trm\.pt does not fit a sequence RM"):
                reward.init_from_lm(os.path.join(d, "trm.pt"))

    def test_batch_shares_need_one_count_per_head(self):
        self.assertEqual(reward.batch_shares(types.SimpleNamespace(rm_head_shares=(1,) * len(RM_DIMS))), [1] * len(RM_DIMS))
        with self.assertRaisesRegex(ValueError, "one count per head"):
            reward.batch_shares(types.SimpleNamespace(rm_head_shares=(4, 4)))


if __name__ == "__main__":
    unittest.main()
