import unittest

import _path  # noqa: F401

import config


class ConfigTest(unittest.TestCase):
    def test_the_concision_arm_has_its_own_beta_and_the_expertise_arm_keeps_the_shared_one(self):
        cfg = config.parse(["genarm_beta=0.07", "genarm_beta_concision=0.4"])
        self.assertEqual(cfg.arm_beta("concision"), 0.4)
        self.assertEqual(cfg.arm_beta("expertise"), 0.07)

    def test_quick_mode_shrinks_the_training_time_stages(self):
        full, quick = config.parse([]), config.parse(["--quick"])
        self.assertLess(quick.sppo_prompts, full.sppo_prompts)
        self.assertLess(quick.ppo_iterations, full.ppo_iterations)


if __name__ == "__main__":
    unittest.main()
