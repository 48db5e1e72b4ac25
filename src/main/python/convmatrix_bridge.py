"""PyTorch -> ConvMatrix: write a layer (and what PyTorch computes for it) as a case file, read a matrix back.

Three lines from a model to ``verify``::

    import convmatrix_bridge as cm
    paths = cm.cases_of(model, x, "cases/")            # one case per supported layer, with the input it sees
    # java -jar target/convmatrix.jar verify cases/01-enc.json   (for every written path)

The case format is src/main/resources/case-format.md (= shared/case-format.md). Every number is written
as computed by PyTorch 1.13 in float64 on the CPU: the module is copied and cast to float64 before the
forward pass, so a float32 model's weights are dumped exactly (as the doubles they are) and ``expected``
is the float64 result for those weights.

Supported modules: ``Conv{1,2,3}d``, ``ConvTranspose{1,2,3}d`` (also with ``output_size``, dumped as the
``output_padding`` PyTorch derives from it), ``Upsample``, ``PixelShuffle``, ``PixelUnshuffle``,
``AvgPool{1,2,3}d``, ``MaxUnpool{1,2,3}d`` (with ``indices`` and optional ``output_size``) and
``Sequential`` of these (a ``MaxUnpool`` needs its indices, so it cannot be a ``Sequential``'s member).

``load_matrix(path)`` reads any ``matrix`` export (``.mtx``, ``.npz``, ``.mat``, ``.csv`` triplets,
``.json``) back as a ``scipy.sparse.csc_matrix``.
"""

import copy
import json
import os
import re

import torch
import torch.nn as nn

__all__ = ["to_case", "cases_of", "load_matrix", "layer_fields", "is_supported", "write_case", "UnsupportedLayer"]

_DT = torch.float64
_CONV = (nn.Conv1d, nn.Conv2d, nn.Conv3d)
_CONVT = (nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)
_AVG = (nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d)
_UNPOOL = (nn.MaxUnpool1d, nn.MaxUnpool2d, nn.MaxUnpool3d)
_FIELD_ORDER = ["name", "op", "in_channels", "out_channels", "groups", "kernel_size", "stride", "padding",
                "dilation", "output_padding", "padding_mode", "mode", "size", "scale_factor", "align_corners",
                "recompute_scale_factor", "upscale_factor", "downscale_factor", "ceil_mode", "count_include_pad",
                "divisor_override", "output_size", "layers", "weight", "bias", "indices", "input", "expected",
                "grad_output", "expected_grad_input"]


class UnsupportedLayer(ValueError):
    """A module this bridge cannot write as a case (its type, or a setting the case format lacks)."""


# ----------------------------------------------------------------------------------------- tensors

def _tensor(t):
    """A tensor in the case format: shape and row-major data."""
    t = t.detach().cpu()
    data = t.flatten().tolist() if t.dtype in (torch.int64, torch.int32) else t.to(_DT).flatten().tolist()
    return {"shape": list(t.shape), "data": data}


def _per_axis(v, d):
    """An int or tuple, spread to ``d`` axes the way PyTorch's ``_ntuple`` does."""
    if isinstance(v, (tuple, list)):
        if len(v) != d:
            raise UnsupportedLayer("expected %d values per axis but got %r" % (d, v))
        return [int(a) for a in v]
    return [int(v)] * d


# ----------------------------------------------------------------------------------------- fields

def _conv_fields(m):
    f = {"op": "conv", "in_channels": m.in_channels, "out_channels": m.out_channels, "groups": m.groups,
         "kernel_size": list(m.kernel_size), "stride": list(m.stride),
         "padding": m.padding if isinstance(m.padding, str) else list(m.padding),
         "dilation": list(m.dilation), "padding_mode": m.padding_mode}
    return _with_weights(f, m)


def _conv_transpose_fields(m, output_padding=None):
    if m.padding_mode != "zeros":
        raise UnsupportedLayer("ConvTranspose padding_mode must be 'zeros' but was %r" % m.padding_mode)
    f = {"op": "conv_transpose", "in_channels": m.in_channels, "out_channels": m.out_channels, "groups": m.groups,
         "kernel_size": list(m.kernel_size), "stride": list(m.stride), "padding": list(m.padding),
         "dilation": list(m.dilation),
         "output_padding": list(output_padding if output_padding is not None else m.output_padding)}
    return _with_weights(f, m)


def _with_weights(f, m):
    f["weight"] = _tensor(m.weight)
    f["bias"] = _tensor(m.bias) if m.bias is not None else None
    return f


def _upsample_fields(m, d):
    f = {"op": "upsample", "mode": m.mode}
    if m.size is not None:
        f["size"] = _per_axis(m.size, d)
    else:
        sf = m.scale_factor
        f["scale_factor"] = [float(s) for s in sf] if isinstance(sf, (tuple, list)) else [float(sf)] * d
    if m.mode in ("linear", "bilinear", "bicubic", "trilinear"):
        f["align_corners"] = bool(m.align_corners)
    if m.recompute_scale_factor is not None:
        f["recompute_scale_factor"] = bool(m.recompute_scale_factor)
    return f


def _avg_pool_fields(m, d):
    k = _per_axis(m.kernel_size, d)
    stride = m.stride if m.stride is not None else m.kernel_size
    f = {"op": "avg_pool", "kernel_size": k, "stride": _per_axis(stride, d), "padding": _per_axis(m.padding, d),
         "ceil_mode": bool(m.ceil_mode), "count_include_pad": bool(m.count_include_pad)}
    divisor = getattr(m, "divisor_override", None)
    if divisor is not None:
        f["divisor_override"] = int(divisor)
    return f


def _max_unpool_fields(m, d, indices, output_size):
    if indices is None:
        raise UnsupportedLayer("MaxUnpool needs the indices of its MaxPool (indices=...)")
    stride = m.stride if m.stride is not None else m.kernel_size
    f = {"op": "max_unpool", "kernel_size": _per_axis(m.kernel_size, d), "stride": _per_axis(stride, d),
         "padding": _per_axis(m.padding, d), "indices": _tensor(indices.to(torch.int64))}
    if output_size is not None:
        f["output_size"] = [int(s) for s in list(output_size)[-d:]]
    return f


def layer_fields(module, x_shape, indices=None, output_size=None):
    """The case fields of ``module`` (no ``input``/``expected``) for an input of shape ``x_shape``.

    ``indices``/``output_size`` are MaxUnpool's forward arguments; ``output_size`` of a ConvTranspose
    becomes the ``output_padding`` PyTorch derives from it (``_output_padding``: sizes from the smallest
    one up to ``stride - 1`` above it).
    """
    d = len(x_shape) - 2
    if isinstance(module, _CONVT):
        op = None
        if output_size is not None:
            op = module._output_padding(torch.empty(x_shape), list(output_size), list(module.stride),
                                        list(module.padding), list(module.kernel_size), d, list(module.dilation))
        return _conv_transpose_fields(module, op)
    if isinstance(module, _CONV):
        return _conv_fields(module)
    if isinstance(module, nn.Upsample):
        return _upsample_fields(module, d)
    if isinstance(module, nn.PixelShuffle):
        return {"op": "pixel_shuffle", "upscale_factor": int(module.upscale_factor)}
    if isinstance(module, nn.PixelUnshuffle):
        return {"op": "pixel_unshuffle", "downscale_factor": int(module.downscale_factor)}
    if isinstance(module, _AVG):
        return _avg_pool_fields(module, d)
    if isinstance(module, _UNPOOL):
        return _max_unpool_fields(module, d, indices, output_size)
    if isinstance(module, nn.Sequential):
        return _sequential_fields(module, x_shape)
    raise UnsupportedLayer("%s is not a layer ConvMatrix lowers (Conv, ConvTranspose, Upsample, PixelShuffle, "
                           "PixelUnshuffle, AvgPool, MaxUnpool, Sequential of these)" % type(module).__name__)


def _sequential_fields(seq, x_shape):
    layers = []
    x = torch.zeros(x_shape, dtype=_DT)
    for i, m in enumerate(seq):
        if isinstance(m, (nn.Sequential,) + _UNPOOL) or not is_supported(m):
            raise UnsupportedLayer("Sequential layer %d (%s) cannot be a case's layers[%d]" % (i, type(m).__name__, i))
        layers.append(layer_fields(m, tuple(x.shape)))
        with torch.no_grad():
            x = _double(m)(x)
    return {"op": "sequential", "layers": layers}


def is_supported(module):
    """Whether ``to_case`` writes this module (a Sequential only when every member is supported)."""
    if isinstance(module, nn.Sequential):
        return len(module) > 0 and all(is_supported(m) and not isinstance(m, _UNPOOL + (nn.Sequential,))
                                       for m in module)
    return isinstance(module, _CONV + _CONVT + _AVG + _UNPOOL + (nn.Upsample, nn.PixelShuffle, nn.PixelUnshuffle))


# ----------------------------------------------------------------------------------------- cases

def _double(module):
    return copy.deepcopy(module).to(_DT)


def _forward(module, x, indices, output_size):
    if isinstance(module, _UNPOOL):
        return module(x, indices, output_size=output_size)
    if isinstance(module, _CONVT) and output_size is not None:
        return module(x, output_size=list(output_size))
    return module(x)


def to_case(module, x, grad_output=None, path=None, indices=None, output_size=None, name=None):
    """The case of ``module`` on input ``x`` as a dict, written to ``path`` when given.

    ``expected`` is the module's output for ``x`` in float64; with ``grad_output`` (a tensor of the
    output's shape) the case also holds ``grad_output`` and ``expected_grad_input``, the gradient of
    ``(output * grad_output).sum()`` with respect to ``x`` from autograd, i.e. ``A^T grad_output``.
    Raises :class:`UnsupportedLayer` for a module the case format has no op for.
    """
    m = _double(module)
    x = x.detach().to(_DT).clone().requires_grad_(grad_output is not None)
    case = {"name": name} if name else {}
    case.update(layer_fields(m, tuple(x.shape), indices=indices, output_size=output_size))
    case["input"] = _tensor(x)
    y = _forward(m, x, indices, output_size)
    case["expected"] = _tensor(y)
    if grad_output is not None:
        g = grad_output.detach().to(_DT)
        if tuple(g.shape) != tuple(y.shape):
            raise ValueError("grad_output must have the output's shape %s but has %s"
                             % (list(y.shape), list(g.shape)))
        (gx,) = torch.autograd.grad(y, x, g)
        case["grad_output"] = _tensor(g)
        case["expected_grad_input"] = _tensor(gx)
    if path is not None:
        write_case(case, path)
    return case


def write_case(case, path):
    """Writes a case dict as JSON, one top-level field per line, in the format's field order."""
    keys = [k for k in _FIELD_ORDER if k in case] + sorted(k for k in case if k not in _FIELD_ORDER)
    text = "{\n" + ",\n".join("  %s: %s" % (json.dumps(k), json.dumps(case[k], allow_nan=False))
                              for k in keys) + "\n}\n"
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)
    return path


def cases_of(model, x, directory=None, grad_output=True, seed=0, sequential=False):
    """One case per supported layer of ``model``, each with the input that layer sees in ``model(x)``.

    Forward hooks record every supported leaf module's input during one forward pass (``MaxUnpool``'s
    indices and output size included); each is then written with :func:`to_case` (float64).
    ``grad_output=True`` adds a seeded random ``grad_output`` and autograd's ``expected_grad_input``.
    ``sequential=True`` also writes every ``nn.Sequential`` made only of supported layers.
    Returns a list of ``(module_name, case)``, or of paths when ``directory`` is given
    (files ``NN-module.name.json``).
    """
    seen = []
    hooks = []
    for name, m in model.named_modules():
        leaf = not isinstance(m, nn.Sequential) and is_supported(m)
        if leaf or (sequential and isinstance(m, nn.Sequential) and is_supported(m)):
            hooks.append(m.register_forward_hook(_recorder(seen, name or type(m).__name__)))
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in hooks:
            h.remove()
    gen = torch.Generator().manual_seed(seed)
    out = []
    for i, (name, m, args, out_shape) in enumerate(seen):
        kw = _layer_args(m, args, out_shape)
        g = None
        if grad_output:
            y = _forward(_double(m), args[0].to(_DT), kw.get("indices"), kw.get("output_size"))
            g = torch.randn(y.shape, generator=gen, dtype=_DT)
        label = "%02d-%s" % (i + 1, re.sub(r"[^A-Za-z0-9_.-]", "_", name))
        path = os.path.join(directory, label + ".json") if directory is not None else None
        case = to_case(m, args[0], grad_output=g, path=path, name=name, **kw)
        out.append(path if path is not None else (name, case))
    return out


def _recorder(seen, name):
    def hook(module, args, output):
        args = tuple(a.detach().clone() if torch.is_tensor(a) else a for a in args)
        seen.append((name, module, args, tuple(output.shape)))
    return hook


def _layer_args(m, args, out_shape):
    """MaxUnpool's indices; the output size of a MaxUnpool or ConvTranspose (a hook does not see a keyword
    ``output_size``, so it is read off the output the layer produced)."""
    if isinstance(m, _UNPOOL):
        return {"indices": args[1], "output_size": out_shape[2:]}
    if isinstance(m, _CONVT):
        return {"output_size": out_shape[2:]}
    return {}


# ----------------------------------------------------------------------------------------- matrices

def load_matrix(path, shape=None):
    """Reads a ``matrix`` export back as ``scipy.sparse.csc_matrix`` (float64).

    ``.mtx`` Matrix Market, ``.npz`` (``scipy.sparse.save_npz`` layout), ``.mat`` (MATLAB v5; the first
    sparse variable), ``.csv`` triplets (0-based ``row,col,value,...``; the shape is ``shape`` when
    given, else one more than the largest row and column index) and ``.json`` (CSC arrays).
    """
    import numpy as np
    import scipy.io
    import scipy.sparse

    ext = os.path.splitext(path)[1].lower()
    if ext == ".mtx":
        return scipy.sparse.csc_matrix(scipy.io.mmread(path))
    if ext == ".npz":
        return scipy.sparse.load_npz(path).tocsc()
    if ext == ".mat":
        for key, value in scipy.io.loadmat(path).items():
            if scipy.sparse.issparse(value):
                return scipy.sparse.csc_matrix(value, dtype=np.float64)
        raise ValueError("%s holds no sparse matrix" % path)
    if ext == ".json":
        with open(path) as f:
            j = json.load(f)
        return scipy.sparse.csc_matrix((np.array(j["values"], dtype=np.float64), np.array(j["row_idx"]),
                                        np.array(j["col_ptr"])), shape=tuple(j["shape"]))
    if ext == ".csv":
        rows, cols, vals = [], [], []
        with open(path) as f:
            next(f)
            for line in f:
                r, c, v = line.split(",", 3)[:3]
                rows.append(int(r))
                cols.append(int(c))
                vals.append(float(v))
        if shape is None:
            shape = (max(rows, default=-1) + 1, max(cols, default=-1) + 1)
        return scipy.sparse.csc_matrix((vals, (rows, cols)), shape=shape, dtype=np.float64)
    raise ValueError("%s: unknown matrix format %r (mtx, npz, mat, csv, json)" % (path, ext))
