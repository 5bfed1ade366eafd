"""Refuse to start on an environment that would fail late or crawl: wrong Python, missing
or old PyTorch/ONNX, and (for a full build) the reference BLAS, with which Debian's PyTorch
trains about 16x slower than with OpenBLAS."""
import sys

FIX = ("install them with: apt-get install -y python3-torch python3-onnx python3-numpy "
       "python3-regex libopenblas0-pthread, and run the forge with /usr/bin/python3 (forge/run.sh does)")


class EnvError(SystemExit):
    pass


def loaded_blas() -> list:
    """Shared libraries of a BLAS mapped into this process (after a matmul has run)."""
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f if "/" in line}
    return sorted(p for p in paths if "blas" in p.lower() or "mkl" in p.lower() or "blis" in p.lower())


def check(quick: bool, threads: int) -> dict:
    if sys.version_info < (3, 10):
        raise EnvError(f"the forge needs Python >= 3.10, this is {sys.version.split()[0]} ({sys.executable})")
    try:
        import torch
        import onnx  # noqa: F401
        import numpy  # noqa: F401
        import regex  # noqa: F401
    except ImportError as e:
        raise EnvError(f"{e.name} is missing for {sys.executable}; {FIX}")
    major, minor = (int(x) for x in torch.__version__.split(".")[:2])
    if (major, minor) < (1, 13):
        raise EnvError(f"the forge needs PyTorch >= 1.13, found {torch.__version__}; {FIX}")
    torch.set_num_threads(threads)
    a = torch.randn(256, 256)
    _ = a @ a  # make sure the BLAS is loaded before looking for it
    blas = loaded_blas()
    fast = any(k in p.lower() for p in blas for k in ("openblas", "mkl", "blis"))
    if not fast and not quick:
        raise EnvError("PyTorch is using the reference BLAS (" + (", ".join(blas) or "none found") + "), which "
                       "trains about 16x slower; refusing a full build. Fix: apt-get install -y libopenblas0-pthread "
                       "(or run with --quick, which is small enough not to care)")
    return {"python": sys.version.split()[0], "torch": torch.__version__, "threads": torch.get_num_threads(),
            "blas": blas}
