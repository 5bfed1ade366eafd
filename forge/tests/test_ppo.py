import json
import os
import tempfile
import types
import unittest
from unittest import mock

import _path  # noqa: F401
import torch

from config import RM_DIMS
from model import ModelConfig, Transformer, load_model, save_model
from reward import rm_scores
from tokenizer import SPECIALS, train_bpe
from token_reward import token_rewards
import ppo
from winrate import win_rate_from_scores

TEXTS = ["How do I treat a cough? Rest and drink water.", "Can I break my lease? Read the contract first.",
         "Should I save or invest? Keep an emergency fund."]


def tiny_world(d: str):
    """Tokenizer, training prompts, a tiny random policy and sequence RM, and a hand-made
    token RM whose reward is +1 on even token ids and -1 on odd ones (near enough)."""
    tok = train_bpe(TEXTS, 256 + len(SPECIALS) + 20)
    tok.save(os.path.join(d, "tokenizer.json"))
    with open(os.path.join(d, "groups.jsonl"), "w") as f:
        for i, t in enumerate(TEXTS * 4):
            f.write(json.dumps({"split": "train", "domain": "medical", "instruction": f"{t.split('?')[0]} {i}?"}) + "\n")
        f.write(json.dumps({"split": "test", "domain": "legal", "instruction": "held out?"}) + "\n")
    shape = dict(vocab_size=tok.vocab_size, n_layer=1, n_head=2, d_model=16, d_ff=32)
    torch.manual_seed(0)
    save_model(Transformer(ModelConfig(**shape)), os.path.join(d, "policy.pt"))
    save_model(Transformer(ModelConfig(**shape, head="seq", n_out=len(RM_DIMS))), os.path.join(d, "rm.pt"))
    trm = Transformer(ModelConfig(**shape, head="token", n_out=3))
    with torch.no_grad():
        for name, p in trm.named_parameters():
            if name.endswith("o_proj.weight") or name.endswith("down_proj.weight"):
                p.zero_()                       # blocks add nothing: the head sees the token itself
        emb = trm.embed_tokens.weight
        emb[:, 1:] *= 0.05
        emb[:, 0] = torch.where(torch.arange(tok.vocab_size) % 2 == 0, 1.0, -1.0)
        trm.score.weight.zero_()
        trm.score.weight[2, 0], trm.score.weight[0, 0] = 3.0, -3.0
    save_model(trm, os.path.join(d, "token_rm.pt"))
    return tok


def tiny_cfg(**over):
    s = dict(seed=3, max_new_tokens=8, quick=True, ppo_iterations=5, ppo_rollouts=32, ppo_minibatch=8, ppo_epochs=2,
             ppo_lr=3e-2, ppo_critic_lr=1e-2, ppo_kl=0.01, ppo_clip=0.2, ppo_gamma=1.0, ppo_lambda=0.95,
             ppo_truncation_penalty=1.0, ppo_ckpt_every=2)
    s.update(over)
    return types.SimpleNamespace(**s)


def run(d, kind, cfg, ckpt="ckpt.pt", out="out.pt", log=None):
    return ppo.train_ppo(cfg, kind, d, os.path.join(d, "tokenizer.json"), os.path.join(d, "policy.pt"),
                         os.path.join(d, "rm.pt"), os.path.join(d, "token_rm.pt"), os.path.join(d, out),
                         os.path.join(d, ckpt), "key", log or (lambda m: None))


class PPOMathTest(unittest.TestCase):
    def test_gae_on_a_hand_computed_example(self):
        # row 0: r = (0, 0, 1), V = (0.5, 0.2, 0.8), γ = 1, λ = 0.5
        #   δ = (0 + 0.2 - 0.5, 0 + 0.8 - 0.2, 1 + 0 - 0.8) = (-0.3, 0.6, 0.2)
        #   A2 = 0.2, A1 = 0.6 + 0.5·0.2 = 0.7, A0 = -0.3 + 0.5·0.7 = 0.05
        # row 1: two actions, r = (1, 2), V = (1, 1); the padding (r 9, V 5) must not leak in
        #   δ = (1 + 1 - 1, 2 + 0 - 1) = (1, 1); A1 = 1, A0 = 1 + 0.5·1 = 1.5
        r = torch.tensor([[0.0, 0.0, 1.0], [1.0, 2.0, 9.0]])
        v = torch.tensor([[0.5, 0.2, 0.8], [1.0, 1.0, 5.0]])
        m = torch.tensor([[1.0, 1, 1], [1, 1, 0]])
        adv, ret = ppo.gae(r, v, m, gamma=1.0, lam=0.5)
        self.assertTrue(torch.allclose(adv, torch.tensor([[0.05, 0.7, 0.2], [1.5, 1.0, 0.0]])))
        self.assertTrue(torch.allclose(ret, torch.tensor([[0.55, 0.9, 1.0], [2.5, 2.0, 0.0]])))
        # γ = 0.5, λ = 1 on row 0: δ = (0 + 0.1 - 0.5, 0 + 0.4 - 0.2, 0.2) = (-0.4, 0.2, 0.2)
        #   A2 = 0.2, A1 = 0.2 + 0.5·0.2 = 0.3, A0 = -0.4 + 0.5·0.3 = -0.25 (= discounted return 0.25 - V 0.5)
        adv, _ = ppo.gae(r[:1], v[:1], m[:1], gamma=0.5, lam=1.0)
        self.assertTrue(torch.allclose(adv, torch.tensor([[-0.25, 0.3, 0.2]])))

    def test_clipped_loss_on_a_hand_example(self):
        # ratios 1.5, 0.5, 1.1, 0.7 with advantages 1, 1, -1, -1 and ε = 0.2:
        #   min(1.5, 1.2) = 1.2; min(0.5, 0.8) = 0.5; min(-1.1, -1.1) = -1.1; min(-0.7, -0.8) = -0.8
        #   loss = -(1.2 + 0.5 - 1.1 - 0.8) / 4 = 0.05; the clipped term is taken at tokens 0 and 3
        ratio = torch.tensor([[1.5, 0.5, 1.1, 0.7]])
        old = torch.zeros(1, 4)
        logp = ratio.log().requires_grad_()
        adv = torch.tensor([[1.0, 1.0, -1.0, -1.0]])
        loss, clipfrac = ppo.clipped_policy_loss(logp, old, adv, torch.ones(1, 4), clip=0.2)
        self.assertAlmostEqual(loss.item(), 0.05, places=6)
        self.assertAlmostEqual(clipfrac.item(), 0.5)
        loss.backward()
        # no gradient through a clipped token; elsewhere d(-ρA/4)/dlogp = -ρA/4
        self.assertTrue(torch.allclose(logp.grad, torch.tensor([[0.0, -0.125, 0.275, 0.0]])))
        # a padded token counts for nothing
        loss2, _ = ppo.clipped_policy_loss(logp.detach(), old, adv, torch.tensor([[1.0, 1, 1, 0]]), clip=0.2)
        self.assertAlmostEqual(loss2.item(), -(1.2 + 0.5 - 1.1) / 3, places=6)

    def test_shaped_reward_adds_the_kl_penalty_per_token_and_the_truncation_penalty(self):
        end = 3
        task = torch.tensor([[0.0, 0.0, 2.0], [0.5, -0.5, 0.0]])
        kl = torch.tensor([[0.1, -0.2, 0.4], [1.0, 0.0, 0.0]])
        actions = [[7, 8, end], [7, 9]]          # the second answer was cut at max_new_tokens
        r = ppo.shaped_rewards(task, kl, actions, end, scale=0.5, beta=0.1, truncation_penalty=1.0)
        # 0.5·task - 0.1·kl; -1 more at the last action of row 1 only
        want = torch.tensor([[-0.01, 0.02, 0.96], [0.15, -1.25, 0.0]])
        self.assertTrue(torch.allclose(r, want, atol=1e-6))

    def test_whitening_ignores_padding(self):
        x = torch.tensor([[1.0, 3.0, 100.0]])
        w = ppo.whiten(x, torch.tensor([[1.0, 1.0, 0.0]]))
        self.assertTrue(torch.allclose(w, torch.tensor([[-1.0, 1.0, 0.0]]), atol=1e-4))


class RewardPlacementTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.tok = tiny_world(cls.dir.name)
        d = cls.dir.name
        cls.rm, cls.trm = load_model(os.path.join(d, "rm.pt")), load_model(os.path.join(d, "token_rm.pt"))
        cls.end = cls.tok.special["<|end|>"]
        cls.instructions = ["How do I treat a cough?", "Can I break my lease?"]
        cls.texts = ["Rest and drink water.", "Read"]
        cls.prompts = [cls.tok.chat(x) for x in cls.instructions]
        cls.answers = [cls.tok.encode(t) for t in cls.texts]
        # the first answer ended (<|end|> is its last action), the second was cut at max_new
        cls.actions = [cls.answers[0] + [cls.end], cls.answers[1]]

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_sequence_reward_is_the_overall_head_on_the_last_action_only(self):
        r = ppo.task_rewards("sequence", self.prompts, self.answers, self.actions, self.end, self.rm, self.trm)
        with torch.no_grad():
            want = rm_scores(self.rm, self.tok, list(zip(self.instructions, self.texts)), 256)[:, RM_DIMS.index("overall")]
        self.assertEqual(r.shape, (2, len(self.actions[0])))
        for i, a in enumerate(self.actions):
            self.assertAlmostEqual(r[i, len(a) - 1].item(), want[i].item(), places=5)
            r[i, len(a) - 1] = 0
        self.assertEqual(r.abs().sum().item(), 0.0)

    def test_token_reward_is_the_token_rms_reward_at_each_answer_token_and_0_at_end(self):
        r = ppo.task_rewards("token", self.prompts, self.answers, self.actions, self.end, self.rm, self.trm)
        for i, (p, a) in enumerate(zip(self.prompts, self.answers)):
            with torch.no_grad():
                want = token_rewards(self.trm, [p + a])[0, len(p):]
            self.assertTrue(torch.allclose(r[i, :len(a)], want, atol=1e-6))
            self.assertTrue((r[i, len(a):] == 0).all())       # the <|end|> action and padding
            self.assertTrue((r[i, :len(a)].abs() > 0.5).all())  # the hand-made RM does give rewards

    def test_layout_puts_action_j_of_every_row_at_one_column(self):
        ids, mask, P, am = ppo.layout(self.prompts, self.actions)
        for i, (p, a) in enumerate(zip(self.prompts, self.actions)):
            self.assertEqual(ids[i, P - len(p):P].tolist(), p)
            self.assertEqual(ids[i, P:P + len(a)].tolist(), a)
            self.assertEqual(int(mask[i].sum()), len(p) + len(a))
            self.assertEqual(int(am[i].sum()), len(a))


class TrainPPOTest(unittest.TestCase):
    def test_a_run_learns_a_trivial_token_reward_and_resumes_to_the_same_weights(self):
        with tempfile.TemporaryDirectory() as d:
            tiny_world(d)
            cfg = tiny_cfg()
            full = run(d, "token", cfg, ckpt="a.pt", out="a_model.pt")
            h = full["history"]
            self.assertEqual(len(h), 5)
            # the reward (+1 per even token, -1 per odd) rises from the base's near-0
            self.assertGreater(h[-1]["reward"], h[0]["reward"] + 3.0)
            self.assertGreater(full["final_kl"], 0.0)

            calls = []
            real = ppo.rollout

            def interrupted(*a, **k):
                calls.append(1)
                if len(calls) == 4:   # iteration 4, after the checkpoint at iteration 2
                    raise KeyboardInterrupt
                return real(*a, **k)
            with mock.patch.object(ppo, "rollout", interrupted), self.assertRaises(KeyboardInterrupt):
                run(d, "token", cfg, ckpt="b.pt", out="b_model.pt")
            self.assertEqual(torch.load(os.path.join(d, "b.pt"))["iteration"], 2)
            logs = []
            resumed = run(d, "token", cfg, ckpt="b.pt", out="b_model.pt", log=logs.append)
            self.assertIn("resuming from checkpoint at iteration 2/5", logs[0])
            a, b = load_model(os.path.join(d, "a_model.pt")), load_model(os.path.join(d, "b_model.pt"))
            for (n, x), y in zip(a.state_dict().items(), b.state_dict().values()):
                self.assertTrue(torch.equal(x, y), n)
            self.assertEqual(full["history"], resumed["history"])

            # a checkpoint under another key is ignored
            logs = []
            ppo.train_ppo(tiny_cfg(ppo_iterations=1), "token", d, os.path.join(d, "tokenizer.json"),
                          os.path.join(d, "policy.pt"), os.path.join(d, "rm.pt"), os.path.join(d, "token_rm.pt"),
                          os.path.join(d, "c_model.pt"), os.path.join(d, "b.pt"), "other key", logs.append)
            self.assertFalse(any("resuming" in l for l in logs))

    def test_the_sequence_variant_learns_a_trivial_sequence_reward(self):
        def even_share(rm, seqs):  # stands in for the RM's overall head: the share of even ids
            return torch.tensor([sum(t % 2 == 0 for t in s[-9:-1]) / 8 for s in seqs])  # in the 8 answer tokens
        with tempfile.TemporaryDirectory() as d, mock.patch.object(ppo, "sequence_scores", even_share):
            tiny_world(d)
            h = run(d, "sequence", tiny_cfg(ppo_iterations=6))["history"]
            self.assertGreater(h[-1]["reward"], h[0]["reward"] + 0.2)

    def test_both_variants_see_the_same_prompts_and_first_samples(self):
        with tempfile.TemporaryDirectory() as d:
            tiny_world(d)
            cfg = tiny_cfg(ppo_iterations=1)
            seen = {}
            real = ppo.rollout

            def spy(*a, **k):
                out = real(*a, **k)
                seen.setdefault(a[5], []).append((out["prompts"], out["answers"]))
                return out
            with mock.patch.object(ppo, "rollout", spy):
                m_seq = run(d, "sequence", cfg, ckpt="s_ck.pt", out="s_model.pt")
                m_tok = run(d, "token", cfg, ckpt="t_ck.pt", out="t_model.pt")
            self.assertEqual(seen["sequence"], seen["token"])
            # each logs both reward models' view of its samples: identical on the shared first batch
            self.assertEqual(m_seq["history"][0]["rm_overall"], m_tok["history"][0]["rm_overall"])
            self.assertEqual(m_seq["history"][0]["token_rm_sum"], m_tok["history"][0]["token_rm_sum"])


class WinRateTest(unittest.TestCase):
    def test_wins_ties_and_losses_on_overall(self):
        s = lambda o: {"dims": {"overall": o}, "wellformed": 1}
        a = [s(0.9), s(0.5), s(0.1), s(0.7)]
        b = [s(0.2), s(0.5), s(0.3), s(0.6)]
        out = win_rate_from_scores(a, b, [("medical", "x"), ("legal", "y"), ("legal", "z"), ("medical", "w")])
        self.assertEqual((out["wins"], out["ties"], out["losses"]), (2, 1, 1))
        self.assertAlmostEqual(out["win_rate"], 2.5 / 4)
        self.assertEqual(out["by_domain"], {"medical": 1.0, "legal": 0.25})
        # outcomes 1, ½, 0, 1: sample variance ((3/8)² + (1/8)² + (5/8)² + (3/8)²) / 3 = 0.6875 / 3
        self.assertAlmostEqual(out["stderr"], (0.6875 / 3 / 4) ** 0.5)


if __name__ == "__main__":
    unittest.main()
