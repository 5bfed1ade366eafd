import unittest

import _path  # noqa: F401
from reward_eval import auroc


class AurocTest(unittest.TestCase):
    def test_auroc_is_the_probability_a_positive_outscores_a_negative(self):
        self.assertEqual(auroc([3.0, 4.0], [1.0, 2.0]), 1.0)
        self.assertEqual(auroc([1.0, 2.0], [3.0, 4.0]), 0.0)
        self.assertEqual(auroc([1.0, 3.0], [2.0]), 0.5)   # one of two pairs won

    def test_ties_count_half(self):
        self.assertEqual(auroc([1.0], [1.0]), 0.5)
        self.assertAlmostEqual(auroc([2.0, 1.0], [1.0, 0.0]), (1 + 1 + 0.5 + 1) / 4)


if __name__ == "__main__":
    unittest.main()
