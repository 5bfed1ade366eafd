"""Int8 storage of Alignment Vector deltas: each row of a weight (its first axis, in the
graph's layout) keeps a float32 scale absmax/127 and int8 steps, so a delta costs one byte
a weight instead of two in float16. Rounding moves each weight by at most half a step,
scale/2; `fidelity` measures what that costs on a whole delta."""
import numpy as np


def quantize_rows(x: np.ndarray) -> tuple:
    """(int8 values, float32 scale per row); a 1-D tensor is one row."""
    rows = x.reshape(x.shape[0], -1) if x.ndim > 1 else x.reshape(1, -1)
    scale = np.abs(rows).max(axis=1).astype(np.float32) / 127
    safe = np.where(scale > 0, scale, 1)[:, None]
    q = np.clip(np.rint(rows / safe), -127, 127).astype(np.int8)
    return q.reshape(x.shape), scale


def dequantize_rows(q: np.ndarray, scale: np.ndarray) -> np.ndarray:
    rows = q.reshape(len(scale), -1).astype(np.float32) * scale[:, None]
    return rows.reshape(q.shape)


def fidelity(delta: dict) -> dict:
    """Relative L2 error and largest absolute error of the int8 round trip over a delta."""
    err2 = ref2 = worst = 0.0
    for x in delta.values():
        x = x.astype(np.float32)
        e = dequantize_rows(*quantize_rows(x)) - x
        err2, ref2 = err2 + float((e ** 2).sum()), ref2 + float((x ** 2).sum())
        worst = max(worst, float(np.abs(e).max()))
    return {"relative_l2_error": (err2 / ref2) ** 0.5 if ref2 else 0.0, "max_abs_error": worst}
