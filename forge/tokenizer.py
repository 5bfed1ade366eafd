"""Byte-level BPE, trained here and written as a Hugging Face tokenizer.json.

Debian ships no Python `tokenizers` package and no other registry is reachable, so the
trainer is written out: GPT-2's pre-tokenisation regex and byte-to-unicode table, then
greedy pair merges over word counts. Encoding follows the same rules as the Hugging Face
BPE model (lowest merge rank first), and a TypeScript test checks the ids against
transformers.js on golden strings.
"""
from collections import Counter
import json

import regex

# GPT-2's pattern, as the Hugging Face ByteLevel pre-tokenizer applies it (use_regex=true).
GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
SPECIALS = ["<|pad|>", "<|user|>", "<|assistant|>", "<|end|>"]
_SPLIT = regex.compile(GPT2_PATTERN)


def bytes_to_unicode() -> dict:
    """GPT-2's reversible map from bytes to printable unicode characters."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_CHARS = bytes_to_unicode()
CHAR_BYTES = {c: b for b, c in BYTE_CHARS.items()}


def pretokenize(text: str) -> list:
    return ["".join(BYTE_CHARS[b] for b in w.encode("utf-8")) for w in _SPLIT.findall(text)]


def train_bpe(texts, vocab_size: int) -> "Tokenizer":
    words = Counter()
    for t in texts:
        words.update(pretokenize(t))
    seqs = {w: list(w) for w in words}
    merges = []
    n_merges = vocab_size - len(SPECIALS) - 256
    while len(merges) < n_merges:
        pairs = Counter()
        for w, c in words.items():
            s = seqs[w]
            for a, b in zip(s, s[1:]):
                pairs[a, b] += c
        if not pairs:
            break
        # most frequent pair; ties broken by the pair itself so training is deterministic
        (a, b), _ = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        merges.append((a, b))
        for w in words:
            s = seqs[w]
            i, out = 0, []
            while i < len(s):
                if i + 1 < len(s) and s[i] == a and s[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(s[i])
                    i += 1
            seqs[w] = out
    return Tokenizer(merges)


class Tokenizer:
    def __init__(self, merges):
        self.merges = [tuple(m) for m in merges]
        self.ranks = {m: i for i, m in enumerate(self.merges)}
        vocab = list(SPECIALS) + [BYTE_CHARS[b] for b in range(256)] + [a + b for a, b in self.merges]
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self.id_to_token = vocab
        self.special = {t: self.vocab[t] for t in SPECIALS}
        self._cache = {}

    @property
    def vocab_size(self) -> int:
        return len(self.id_to_token)

    def _bpe(self, word: str) -> list:
        if word in self._cache:
            return self._cache[word]
        s = list(word)
        while len(s) > 1:
            ranked = [(self.ranks.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(s, s[1:]))]
            rank, i = min(ranked)
            if rank == 1 << 30:
                break
            s = s[:i] + [s[i] + s[i + 1]] + s[i + 2:]
        ids = [self.vocab[t] for t in s]
        self._cache[word] = ids
        return ids

    def encode(self, text: str) -> list:
        return [i for w in pretokenize(text) for i in self._bpe(w)]

    def decode(self, ids) -> str:
        chars = "".join(self.id_to_token[i] for i in ids if i >= len(SPECIALS))
        return bytes(CHAR_BYTES[c] for c in chars).decode("utf-8", errors="replace")

    def chat(self, instruction: str, answer: str | None = None) -> list:
        """<|user|>instruction<|end|><|assistant|>[answer<|end|>]: the prompt alone when
        answer is None, ready for generation."""
        ids = [self.special["<|user|>"]] + self.encode(instruction) + [self.special["<|end|>"], self.special["<|assistant|>"]]
        if answer is not None:
            ids += self.encode(answer) + [self.special["<|end|>"]]
        return ids

    def to_hf_json(self) -> dict:
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [
                {"id": self.vocab[t], "content": t, "single_word": False, "lstrip": False,
                 "rstrip": False, "normalized": False, "special": True}
                for t in SPECIALS
            ],
            "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            "post_processor": None,
            "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            "model": {
                "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                "vocab": self.vocab,
                "merges": [[a, b] for a, b in self.merges],
            },
        }

    def save(self, path):
        with open(path, "w") as f:
            json.dump(self.to_hf_json(), f, ensure_ascii=False)

    @classmethod
    def load(cls, path) -> "Tokenizer":
        with open(path) as f:
            return cls([tuple(m) for m in json.load(f)["model"]["merges"]])


CHAT_TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>{{ message['content'] }}<|end|>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def hf_tokenizer_config() -> dict:
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": 256,
        "pad_token": "<|pad|>",
        "eos_token": "<|end|>",
        "bos_token": None,
        "unk_token": None,
        "clean_up_tokenization_spaces": False,
        "chat_template": CHAT_TEMPLATE,
    }
