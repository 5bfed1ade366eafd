import unittest

import _path  # noqa: F401

from tokenizer import SPECIALS, pretokenize, train_bpe


class TokenizerTest(unittest.TestCase):
    def test_pretokenizer_follows_gpt2_splits(self):
        self.assertEqual(pretokenize("I'm fine, $12!"), ["I", "'m", "Ġfine", ",", "Ġ$", "12", "!"])

    def test_bpe_merges_frequent_pairs_and_round_trips_any_text(self):
        tok = train_bpe(["zz zz zz zz ab", "low lower"], 256 + len(SPECIALS) + 10)
        self.assertEqual(tok.merges[0], ("z", "z"))  # 4 times: the most frequent pair merges first
        for text in ["lowest newer", "naïve café 😀\n\tx", ""]:
            self.assertEqual(tok.decode(tok.encode(text)), text)
        self.assertLess(len(tok.encode("lowest")), len("lowest"))

    def test_chat_format_brackets_turns_with_special_tokens(self):
        tok = train_bpe(["hello"], 256 + len(SPECIALS))
        ids = tok.chat("hi", "yo")
        sp = tok.special
        self.assertEqual(ids[0], sp["<|user|>"])
        self.assertEqual(ids[3:5], [sp["<|end|>"], sp["<|assistant|>"]])
        self.assertEqual(ids[-1], sp["<|end|>"])


if __name__ == "__main__":
    unittest.main()
