import unittest

import _path  # noqa: F401

from report import report


def manifest(sweep_row: dict, int8: dict) -> dict:
    """The smallest manifest report() reads: one model, one alignment vector, one ARM."""
    return {
        "quick": True, "seed": 1, "vocab_size": 512, "total_bytes": 3 * 2**20, "flops_context": 64,
        "models": {"policy": {"kind": "policy", "params": 1000, "bytes": 2**20, "flops_per_token": 2e6, "train_seconds": 1.5,
                              "alignment_vectors": {"medical": {"int8": int8}}}},
        "evaluation": {
            "policy": {"prompts": 8, "wellformed": 0.9, "relevance": 0.8, "relevance_shuffled_prompts": 0.3},
            "alignment_vectors": {"medical": {"monotonic": True, "sweep": [
                {"lambda": 0.0, "preference": {"expert": 0.5}, "wellformed": 1.0, **sweep_row}]}},
            "multi_domain": [{"lambda medical": 1.0, "medical": 0.7}],
            "rm_pairwise": {"overall": {"accuracy": 0.99, "pairs": 100}},
            "token_rm": {"auroc_deleted_vs_untouched": 0.9, "auroc_inserted_vs_untouched": 0.8, "auroc_edited_vs_untouched": 0.85},
            "arm_pair_accuracy": {"concision": 0.95},
            "arm_guidance": {"concision": {"raises_target": False, "sweep": [{"alpha": 0.0, "target": 0.5}]}},
        },
    }


def lines_after(text: str, heading: str) -> list:
    rest = text.split(heading, 1)[1]
    return [l for l in rest.splitlines() if l.startswith("|")]


class ReportTest(unittest.TestCase):
    def test_sweep_shows_the_standard_error_in_its_header_and_cells_when_measured(self):
        with_se = report(manifest({"target": 0.41234, "target_stderr": 0.0123}, {}))
        header, _, row = lines_after(with_se, "**Alignment vector `medical`**")[:3]
        self.assertIn("target (± s.e.)", header)
        self.assertIn("0.412 ± 0.012", row)
        without = report(manifest({"target": 0.41234}, {}))
        header, _, row = lines_after(without, "**Alignment vector `medical`**")[:3]
        self.assertNotIn("s.e.", header)
        self.assertIn("| 0.412 |", row)

    def test_int8_table_appears_only_when_its_behaviour_was_measured(self):
        errors = {"relative_l2_error": 0.004, "max_abs_error": 0.00021}
        self.assertNotIn("**Int8 deltas**", report(manifest({"target": 0.4}, errors)))
        text = report(manifest({"target": 0.4}, {**errors, "greedy_identical": False, "kl_per_token": 0.000123}))
        header, _, row = lines_after(text, "**Int8 deltas**")[:3]
        self.assertIn("greedy continuations identical", header)
        self.assertEqual(row, "| medical | 0.004 | 2.10e-04 | **no** | 1.23e-04 |")

    def test_a_failed_claim_reads_in_bold(self):
        text = report(manifest({"target": 0.4}, {}))
        self.assertIn("raises its target at every α > 0: **no**", text)


if __name__ == "__main__":
    unittest.main()
