import unittest

import _path  # noqa: F401
import torch

from model import ModelConfig, Transformer, flops_per_token, positions_from_mask


class ModelTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.cfg = ModelConfig(vocab_size=50, n_layer=2, n_head=2, d_model=16, d_ff=32)
        self.model = Transformer(self.cfg).eval()

    def test_cached_decoding_equals_full_forward_with_left_padding(self):
        ids = torch.randint(4, 50, (2, 9))
        mask = torch.ones_like(ids)
        mask[0, :3] = 0
        pos = positions_from_mask(mask)
        full, _ = self.model(ids, mask, pos)
        a, cache = self.model(ids[:, :5], mask[:, :5], pos[:, :5])
        b, _ = self.model(ids[:, 5:], mask, pos[:, 5:], cache)
        step = torch.cat([a, b], 1)
        self.assertLess((step - full)[0, 3:].abs().max().item(), 1e-5)
        self.assertLess((step - full)[1].abs().max().item(), 1e-5)

    def test_left_padding_does_not_change_a_sequences_logits(self):
        ids = torch.randint(4, 50, (1, 6))
        alone, _ = self.model(ids, torch.ones_like(ids))
        padded = torch.cat([torch.zeros(1, 3, dtype=torch.long), ids], 1)
        mask = (torch.arange(9) >= 3).long().unsqueeze(0)
        out, _ = self.model(padded, mask)
        self.assertLess((out[:, 3:] - alone).abs().max().item(), 1e-5)

    def test_sequence_head_reads_the_last_real_token(self):
        rm = Transformer(ModelConfig(vocab_size=50, n_layer=1, n_head=2, d_model=16, d_ff=32, head="seq", n_out=3)).eval()
        ids = torch.randint(4, 50, (1, 5))
        alone, _ = rm(ids, torch.ones_like(ids))
        right = torch.cat([ids, torch.zeros(1, 2, dtype=torch.long)], 1)
        out, _ = rm(right, (torch.arange(7) < 5).long().unsqueeze(0))
        self.assertLess((out - alone).abs().max().item(), 1e-5)

    def test_flops_per_token_counts_two_per_multiply_add(self):
        # one layer, d=16, ff=32, vocab 50, no context: 2*(4*256 + 3*512) + 2*50*16
        cfg = ModelConfig(vocab_size=50, n_layer=1, n_head=2, d_model=16, d_ff=32)
        self.assertEqual(flops_per_token(cfg, 0), 2 * (4 * 256 + 3 * 512) + 2 * 50 * 16)


if __name__ == "__main__":
    unittest.main()
