import os
import tempfile
import unittest

import _path  # noqa: F401
import onnx
import torch

from export_onnx import export_graph, externalize_weights, weights_as_inputs
from model import ModelConfig, Transformer


class WeightsAsInputsTest(unittest.TestCase):
    def test_every_external_weight_becomes_an_input_of_its_shape_and_none_stays_an_initializer(self):
        torch.manual_seed(0)
        model = Transformer(ModelConfig(vocab_size=64, n_layer=1, n_head=2, d_model=16, d_ff=32, max_len=32))
        with tempfile.TemporaryDirectory() as d:
            path, out = os.path.join(d, "model.onnx"), os.path.join(d, "as_inputs.onnx")
            export_graph(model, path)
            layout = externalize_weights(path)
            names = weights_as_inputs(path, out)
            self.assertEqual(sorted(names), sorted(layout))
            graph = onnx.load(out, load_external_data=False).graph
            inputs = {i.name: [x.dim_value for x in i.type.tensor_type.shape.dim] for i in graph.input}
            for name, where in layout.items():
                self.assertEqual(inputs[name], where["shape"], name)
            self.assertFalse([i.name for i in graph.initializer if i.data_location == onnx.TensorProto.EXTERNAL])
            # the decoder's own inputs are still first, in their order
            self.assertEqual([i.name for i in graph.input][:3], ["input_ids", "attention_mask", "position_ids"])


if __name__ == "__main__":
    unittest.main()
