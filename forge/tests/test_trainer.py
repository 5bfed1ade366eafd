import os
import tempfile
import unittest

import _path  # noqa: F401
import torch

import trainer


def make_model():
    torch.manual_seed(0)
    return torch.nn.Linear(4, 1)


def loss_fn(model, fail_at=None):
    def step(i):
        if i == fail_at:
            raise KeyboardInterrupt
        g = torch.Generator().manual_seed(i)
        x = torch.randn(8, 4, generator=g)
        loss = (model(x) - x.sum(-1, keepdim=True)).pow(2).mean()
        return loss, {"loss": loss.item()}
    return step


class TrainerTest(unittest.TestCase):
    def test_an_interrupted_run_resumes_from_its_checkpoint_to_the_same_weights(self):
        with tempfile.TemporaryDirectory() as d:
            ckpt = os.path.join(d, "c.pt")
            quiet = dict(steps=20, lr=1e-2, key="k", log=lambda m: None, warmup=2, ckpt_every=5)
            ref = make_model()
            trainer.train(ref, loss_fn(ref), ckpt_path=os.path.join(d, "other.pt"), **quiet)

            model = make_model()
            with self.assertRaises(KeyboardInterrupt):
                trainer.train(model, loss_fn(model, fail_at=12), ckpt_path=ckpt, **quiet)
            self.assertEqual(torch.load(ckpt)["step"], 10)
            resumed = make_model()
            logs = []
            trainer.train(resumed, loss_fn(resumed), ckpt_path=ckpt, **{**quiet, "log": logs.append})
            self.assertIn("resuming from checkpoint at step 10/20", logs[0])
            for a, b in zip(ref.parameters(), resumed.parameters()):
                self.assertTrue(torch.allclose(a, b, atol=1e-6))

    def test_a_checkpoint_from_other_settings_is_ignored(self):
        with tempfile.TemporaryDirectory() as d:
            ckpt = os.path.join(d, "c.pt")
            model = make_model()
            torch.save({"key": "old", "step": 5, "model": model.state_dict(), "opt": {}}, ckpt)
            logs = []
            trainer.train(model, loss_fn(model), steps=3, lr=1e-2, ckpt_path=ckpt, key="new", log=logs.append, warmup=1)
            self.assertFalse(any("resuming" in l for l in logs))


if __name__ == "__main__":
    unittest.main()
