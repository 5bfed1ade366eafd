"""ONNX export in the Hugging Face layout that transformers.js loads:

  config.json, generation_config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx

Decoder LMs take input_ids, attention_mask, position_ids, past_key_values.N.key/value and
return logits, present.N.key/value (past shape: batch, heads, past_len, head_dim).
Reward models take input_ids and attention_mask and return logits: (batch, heads) for a
sequence RM, (batch, seq, labels) for a token RM, as *ForSequenceClassification and
*ForTokenClassification do.

For Alignment Vectors the policy keeps its weights as ONNX external data in
`onnx/model.onnx_data` (the layout transformers.js calls use_external_data_format). The
runtime mixes θ = θ_base + Σ λ_d·AV_d into a copy of that buffer and opens a session on the
same graph with it, so a mixed model is a plain model and decodes at the same speed. The
deltas in `av/*.safetensors` are named like the graph's initializers and stored in the
layout the graph consumes (torch's exporter pre-transposes Linear weights)."""
import json
import os
import shutil

import numpy as np
import onnx
from onnx import numpy_helper
import torch

from model import Transformer

OPSET = 17


class _LMGraph(torch.nn.Module):
    def __init__(self, model: Transformer):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        logits, present = self.model(input_ids, attention_mask, position_ids, past)
        return (logits, *[t for kv in present for t in kv])


class _RMGraph(torch.nn.Module):
    def __init__(self, model: Transformer):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model(input_ids, attention_mask)[0]


def export_graph(model: Transformer, path: str):
    cfg = model.cfg
    B, T, P = 2, 3, 4
    ids = torch.ones(B, T, dtype=torch.long)
    if cfg.head == "lm":
        names_in = ["input_ids", "attention_mask", "position_ids"]
        names_out = ["logits"]
        axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
                "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
                "position_ids": {0: "batch_size", 1: "sequence_length"},
                "logits": {0: "batch_size", 1: "sequence_length"}}
        past = []
        for i in range(cfg.n_layer):
            for kv in ("key", "value"):
                names_in.append(f"past_key_values.{i}.{kv}")
                names_out.append(f"present.{i}.{kv}")
                axes[names_in[-1]] = {0: "batch_size", 2: "past_sequence_length"}
                axes[names_out[-1]] = {0: "batch_size", 2: "total_sequence_length"}
                past.append(torch.randn(B, cfg.n_head, P, cfg.head_dim))
        args = (ids, torch.ones(B, P + T, dtype=torch.long), torch.arange(P, P + T).repeat(B, 1), *past)
        graph = _LMGraph(model)
    else:
        names_in, names_out = ["input_ids", "attention_mask"], ["logits"]
        axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
                "attention_mask": {0: "batch_size", 1: "sequence_length"},
                "logits": {0: "batch_size"} if cfg.head == "seq" else {0: "batch_size", 1: "sequence_length"}}
        args = (ids, torch.ones(B, T, dtype=torch.long))
        graph = _RMGraph(model)
    torch.onnx.export(graph.eval(), args, path, input_names=names_in, output_names=names_out,
                      dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)
    _name_weights(path, model)


def _name_weights(path: str, model: Transformer):
    """Give every weight initializer its parameter's name ("<param>" or "<param>.T" when
    the exporter stored it transposed), so that the alignment vectors' safetensors and
    the graph agree on names. Unmatched initializers (small constants) keep theirs."""
    m = onnx.load(path)
    params = {n: p.detach().numpy() for n, p in model.named_parameters()}
    renames = {}
    for init in m.graph.initializer:
        a = numpy_helper.to_array(init)
        for n, p in params.items():
            if a.shape == p.shape and np.array_equal(a, p):
                renames[init.name] = n
                break
            if a.ndim == 2 and a.shape == p.T.shape and np.array_equal(a, p.T):
                renames[init.name] = n + ".T"
                break
    for init in m.graph.initializer:
        init.name = renames.get(init.name, init.name)
    for node in m.graph.node:
        node.input[:] = [renames.get(i, i) for i in node.input]
    onnx.checker.check_model(m)
    onnx.save(m, path)


def graph_weights(path: str) -> dict:
    """Named weight initializers of an exported graph, as numpy arrays in graph layout."""
    m = onnx.load(path)
    return {i.name: numpy_helper.to_array(i) for i in m.graph.initializer if not i.name.startswith("onnx::")
            and i.name.split(".")[0] in ("embed_tokens", "layers", "norm", "score")}


def externalize_weights(path: str) -> dict:
    """Move every initializer of the graph at `path` into `<path>_data` and return where
    each named weight lies in it: {name: {"offset": bytes, "shape": [...]}} (float32)."""
    m = onnx.load(path)
    data_name = os.path.basename(path) + "_data"
    onnx.save_model(m, path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location=data_name, size_threshold=0, convert_attribute=False)
    layout = {}
    for init in onnx.load(path, load_external_data=False).graph.initializer:
        info = {e.key: e.value for e in init.external_data}
        if init.name.startswith("onnx::") or init.data_type != onnx.TensorProto.FLOAT:
            continue
        offset = int(info.get("offset", 0))
        if offset % 4:
            raise RuntimeError(f"{init.name} lies at a misaligned offset {offset} in {data_name}")
        layout[init.name] = {"offset": offset, "shape": list(init.dims)}
    return layout


def weights_as_inputs(path: str, out_path: str) -> list:
    """Write a copy of the graph at `path` (weights already externalized) in which every
    external weight is a graph input of the same name, shape and type instead of an
    initializer, and return those names. The runtime feeds it a freshly mixed weights buffer
    for the first pass after an Alignment Vector remix, while the graph with initializers
    reopens behind it (src/runtime/steeredPolicy.ts)."""
    m = onnx.load(path, load_external_data=False)
    weights = [i for i in m.graph.initializer if i.data_location == onnx.TensorProto.EXTERNAL]
    kept = [i for i in m.graph.initializer if i.data_location != onnx.TensorProto.EXTERNAL]
    for w in weights:
        m.graph.input.append(onnx.helper.make_tensor_value_info(w.name, w.data_type, list(w.dims)))
    del m.graph.initializer[:]
    m.graph.initializer.extend(kept)
    onnx.checker.check_model(m)
    onnx.save(m, out_path)
    return [w.name for w in weights]


def hf_config(model: Transformer, tok, kind: str, labels=None) -> dict:
    cfg = model.cfg
    arch = {"lm": "LlamaForCausalLM", "seq": "LlamaForSequenceClassification", "token": "LlamaForTokenClassification"}
    out = {
        "model_type": "llama",
        "architectures": [arch[cfg.head]],
        "alignscope_kind": kind,
        "vocab_size": cfg.vocab_size,
        "hidden_size": cfg.d_model,
        "intermediate_size": cfg.d_ff,
        "num_hidden_layers": cfg.n_layer,
        "num_attention_heads": cfg.n_head,
        "num_key_value_heads": cfg.n_head,
        "head_dim": cfg.head_dim,
        "hidden_act": "silu",
        "max_position_embeddings": cfg.max_len,
        "rms_norm_eps": cfg.norm_eps,
        "rope_theta": cfg.rope_theta,
        "tie_word_embeddings": cfg.head == "lm",
        "bos_token_id": None,
        "eos_token_id": tok.special["<|end|>"],
        "pad_token_id": tok.special["<|pad|>"],
        "torch_dtype": "float32",
        "use_cache": cfg.head == "lm",
    }
    if labels:
        out["id2label"] = {str(i): l for i, l in enumerate(labels)}
        out["label2id"] = {l: i for i, l in enumerate(labels)}
        out["num_labels"] = len(labels)
    return out


def write_model_folder(model: Transformer, tok, tok_dir: str, out_dir: str, kind: str, labels=None, extra=None):
    """Writes the Hugging Face layout of one model into out_dir (which must be new)."""
    os.makedirs(os.path.join(out_dir, "onnx"))
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(tok_dir, name), os.path.join(out_dir, name))
    config = hf_config(model, tok, kind, labels)
    config.update(extra or {})
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    if model.cfg.head == "lm":
        with open(os.path.join(out_dir, "generation_config.json"), "w") as f:
            json.dump({"eos_token_id": tok.special["<|end|>"], "pad_token_id": tok.special["<|pad|>"],
                       "do_sample": True, "temperature": 0.7, "top_k": 40, "max_new_tokens": 96}, f, indent=1)
    export_graph(model, os.path.join(out_dir, "onnx", "model.onnx"))
