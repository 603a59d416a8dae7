#!/usr/bin/python3
"""Generate the bidirectional, variable-length, many-to-one reference cases of this directory.

    /usr/bin/python3 src/core/test/resources/oracle/make_bidirectional_cases.py

writes, next to this script,
    14_bilstm2_many_to_one.json  torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True) + nn.Linear(8, 2),
                                 seed 14, B=3, T=5, lengths [3, 5, 2]
    15_bigru_many_to_one.json    torch.nn.GRU(3, 4, num_layers=1, bidirectional=True) + nn.Linear(8, 3),
                                 seed 15, B=3, T=6, lengths [6, 2, 4]
and adds (or replaces, in place) their entries in the "files" list of index.json in the same
directory (and names this script in its description). It reads nothing else. The files have the
format of the other cases here (see README.md): every tensor is {"shape", "dtype", "values",
"note"}, values flattened row-major, floats written with Python repr so that they round-trip
exactly. The module runs on pack_padded_sequence(x, lengths, batch_first=True,
enforce_sorted=False) from zero initial states; x holds randn values at the padded steps too.
The head reads cat(forward top-layer h at step lengths[b]-1, backward top-layer h at step 0).

Before anything is written the script checks that
  * the hand-written equations (run per sequence on its valid steps, both directions, the
    backward one from step lengths[b]-1 down to 0) reproduce the packed modules: every layer's
    h of both directions at every step (layer 0 against a one-layer bidirectional module holding
    the _l0 weights, the top layer against the module's padded output), h_n, c_n, the features,
    the logits and the loss, to 1e-12; each sequence run alone (unpacked, its valid steps only)
    gives the same h_n and c_n;
  * the gradients of the hand-written graph equal the module's autograd gradients (1e-12), and
    dL/dx is exactly 0 at the padded steps (the loss does not change bit for bit when x there
    changes);
  * autograd agrees with central finite differences (step 1e-6) on a few entries of every
    parameter and of x (padded entries included: there both are exactly 0); the worst absolute
    error goes into index.json.
Running it twice gives byte-identical files.
"""

import json
import os

import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = "make_bidirectional_cases.py"
GENERATOR = "src/core/test/resources/oracle/make_bidirectional_cases.py (run with /usr/bin/python3)"

TOL = 1e-12
FD_STEP = 1e-6
FD_TOL = 1e-7
WEIGHTS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
DIRS = ("", "_reverse")  # d = 0 forward, d = 1 backward (PyTorch's suffixes)

CASES = {
    "14_bilstm2_many_to_one": dict(kind="lstm", L=2, B=3, T=5, I=3, H=4, O=2, lengths=[3, 5, 2], seed=14),
    "15_bigru_many_to_one": dict(kind="gru", L=1, B=3, T=6, I=3, H=4, O=3, lengths=[6, 2, 4], seed=15),
}

CONVENTIONS = (
    "Tensor encoding: every tensor is an object {\"shape\": [...], \"dtype\": \"float64\"|\"int64\", "
    "\"values\": [...], \"note\": \"...\"}. \"values\" is the tensor flattened in row-major (C) order "
    "(last index fastest), so element [i][j][k] of shape [A,Bd,C] is values[(i*Bd + j)*C + k]. Floats "
    "are written with Python repr (shortest decimal that round-trips to the exact IEEE-754 double). "
    "Sequences are batch-first: x has shape [B, T, I] and x[b][t] is the input vector of sequence b at "
    "time step t+1 (index 0 = first step). Sequences have their own lengths (inputs.lengths, int64 [B]) "
    "and stay left-aligned: steps t >= lengths[b] (0-based) are padding. x holds non-zero randn values "
    "there, which must be ignored (gradients.x is exactly 0 there); every per-step forward value (gates, "
    "c, h of each layer and direction, and the output h) holds zeros there. Per-step values are stored "
    "the same way, [B, T, H] (or [B, T, 2H] for the output h), both directions at their ORIGINAL step t. "
    "Initial states would use PyTorch's shape [num_layers*2, B, H] (index 2*l + d, d = 0 forward, d = 1 "
    "backward); in this file they are zero and not stored (no h0/c0 in inputs, no gradient for them). "
    "Weight matrices act on column vectors, y = W v: a matrix of shape [rows, cols] maps a cols-vector to "
    "a rows-vector (so W_ih is [G*H, I] with G gate blocks stacked along the rows in PyTorch's order; "
    "[G*H, 2H] for a layer above the first, columns [0:H] reading the forward half). Gradients have the "
    "shape of the tensor they belong to. The loss uses reduction SUM over the batch (one term per "
    "sequence, see the description); for a loss averaged over the batch divide the loss and every "
    "gradient by B. The module outputs (h, h_n, c_n, logits, probs, loss_per_item) and the "
    "parameter/input gradients come from PyTorch modules (run on pack_padded_sequence) + autograd; the "
    "per-layer, per-direction values (gates, c and h, suffix _layer<l> for the forward direction and "
    "_layer<l>_reverse for the backward one), the features and the intermediate gradient dL/dlogits "
    "come from the hand-written equations (checked equal to the modules to 1e-12) with retain_grad()."
)


# --------------------------------------------------------------------------- output


def dumps(obj, level=0):
    """JSON with one-space indentation and lists of numbers on one line (the layout of
    the other files of this directory)."""
    ind = " " * level
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [" " * (level + 1) + json.dumps(k) + ": " + dumps(v, level + 1) for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + ind + "}"
    if isinstance(obj, list):
        if all(not isinstance(v, (dict, list)) for v in obj):
            return "[" + ", ".join(json.dumps(v) for v in obj) + "]"
        items = [" " * (level + 1) + dumps(v, level + 1) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + ind + "]"
    return json.dumps(obj)  # floats: repr, shortest round-tripping decimal


def tensor(t, note):
    t = t.detach()
    if t.dtype == torch.int64:
        dtype, values = "int64", [int(v) for v in t.reshape(-1).tolist()]
    else:
        assert t.dtype == torch.float64, t.dtype
        dtype, values = "float64", [float(v) for v in t.reshape(-1).tolist()]
    return {"shape": list(t.shape), "dtype": dtype, "values": values, "note": note}


def write_json(name, obj):
    text = dumps(obj) + "\n"
    # round trip: what is written reads back to exactly the same numbers
    assert json.loads(text) == obj
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(text)


def max_abs(a, b):
    return float((a.detach() - b.detach()).abs().max())


def check(what, a, b, tol=TOL):
    assert a.shape == b.shape, f"{what}: shapes {tuple(a.shape)} vs {tuple(b.shape)}"
    err = max_abs(a, b)
    assert err <= tol, f"{what}: max abs difference {err} > {tol}"
    return err


# --------------------------------------------------------------------------- hand-written cells


def lstm_cell(u, h, c, w_ih, w_hh, b_ih, b_hh):
    """One step, column-vector form. u: [in], h, c: [H]."""
    H = h.shape[0]
    a = (w_ih @ u + b_ih) + (w_hh @ h + b_hh)
    i = torch.sigmoid(a[0:H])
    f = torch.sigmoid(a[H:2 * H])
    g = torch.tanh(a[2 * H:3 * H])
    o = torch.sigmoid(a[3 * H:4 * H])
    c = f * c + i * g
    h = o * torch.tanh(c)
    return {"i": i, "f": f, "g": g, "o": o, "c": c, "h": h}


def gru_cell(u, h, w_ih, w_hh, b_ih, b_hh):
    H = h.shape[0]
    gi = w_ih @ u + b_ih
    gh = w_hh @ h + b_hh
    r = torch.sigmoid(gi[0:H] + gh[0:H])
    z = torch.sigmoid(gi[H:2 * H] + gh[H:2 * H])
    hn_lin = gh[2 * H:3 * H]
    n = torch.tanh(gi[2 * H:3 * H] + r * hn_lin)
    h = (1 - z) * n + z * h
    return {"r": r, "z": z, "n": n, "hn_lin": hn_lin, "h": h}


def run_direction(kind, u, w, H, reverse):
    """One direction of one layer over ONE sequence's valid steps. u: list of n tensors [in].
    The forward direction runs t = 0..n-1, the backward one t = n-1..0, both from a zero state.
    Returns {key: list of n tensors [H]} indexed by the original step t."""
    n = len(u)
    out = {}
    h = torch.zeros(H)
    c = torch.zeros(H)
    for t in (range(n - 1, -1, -1) if reverse else range(n)):
        if kind == "lstm":
            v = lstm_cell(u[t], h, c, *w)
            c = v["c"]
        else:
            v = gru_cell(u[t], h, *w)
        h = v["h"]
        for k, val in v.items():
            out.setdefault(k, [None] * n)[t] = val
    return out


def padded(per_seq, T, H):
    """per_seq[b]: list of lengths[b] tensors [H] -> [B, T, H] with zeros at padded steps."""
    rows = []
    for steps in per_seq:
        s = torch.stack(steps, dim=0)
        if len(steps) < T:
            s = torch.cat([s, torch.zeros(T - len(steps), H)], dim=0)
        rows.append(s)
    return torch.stack(rows, dim=0)


# --------------------------------------------------------------------------- modules


class Net(torch.nn.Module):
    """rnn + linear: state-dict names rnn.* and linear.*"""

    def __init__(self, c):
        super().__init__()
        cls = torch.nn.LSTM if c["kind"] == "lstm" else torch.nn.GRU
        self.rnn = cls(input_size=c["I"], hidden_size=c["H"], num_layers=c["L"], bias=True,
                       batch_first=True, dropout=0.0, bidirectional=True)
        self.linear = torch.nn.Linear(2 * c["H"], c["O"])


def run_packed(rnn, x, lengths, T):
    packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    out_packed, state = rnn(packed)
    out, _ = pad_packed_sequence(out_packed, batch_first=True, total_length=T)
    h_n, c_n = state if isinstance(state, tuple) else (state, None)
    return out, h_n, c_n


def module_forward(net, x, lengths, T):
    out, h_n, c_n = run_packed(net.rnn, x, lengths, T)
    features = torch.cat([h_n[-2], h_n[-1]], dim=1)
    logits = net.linear(features)
    return out, h_n, c_n, features, logits


def module_loss(net, x, lengths, targets, T):
    logits = module_forward(net, x, lengths, T)[-1]
    return F.cross_entropy(logits, targets, reduction="sum")


def one_layer_copy(kind, rnn, layer, in_size, H):
    """A one-layer bidirectional module holding layer `layer`'s weights of both directions."""
    cls = torch.nn.LSTM if kind == "lstm" else torch.nn.GRU
    one = cls(input_size=in_size, hidden_size=H, num_layers=1, bias=True, batch_first=True,
              bidirectional=True)
    with torch.no_grad():
        for d in DIRS:
            for w in WEIGHTS:
                getattr(one, f"{w}_l0{d}").copy_(getattr(rnn, f"{w}_l{layer}{d}"))
    return one


# --------------------------------------------------------------------------- text


def gate_layout_note(kind, what, layer, d, H):
    if kind == "lstm":
        names = {"weight_ih": "W_i* = [W_ii;W_if;W_ig;W_io]", "weight_hh": "W_h* = [W_hi;W_hf;W_hg;W_ho]",
                 "bias_ih": "b_i* = [b_ii;b_if;b_ig;b_io]", "bias_hh": "b_h* = [b_hi;b_hf;b_hg;b_ho]"}
        rows = ("rows [0:H]=i (input gate), [H:2H]=f (forget), [2H:3H]=g (cell candidate), "
                "[3H:4H]=o (output)")
    else:
        names = {"weight_ih": "W_i* = [W_ir;W_iz;W_in]", "weight_hh": "W_h* = [W_hr;W_hz;W_hn]",
                 "bias_ih": "b_i* = [b_ir;b_iz;b_in]", "bias_hh": "b_h* = [b_hr;b_hz;b_hn]"}
        rows = "rows [0:H]=r (reset), [H:2H]=z (update), [2H:3H]=n (new/candidate)"
    direction = "forward direction" if d == "" else "backward direction (_reverse)"
    if what == "weight_ih":
        role = (f"layer 0 {direction} (input -> hidden)" if layer == 0 else
                f"layer {layer} {direction} (layer-{layer - 1} output [h_fwd;h_bwd] (2H) -> hidden; "
                f"columns [0:H] read layer {layer - 1}'s forward h, [H:2H] its backward h)")
    elif what == "weight_hh":
        role = f"layer {layer} {direction} (hidden -> hidden)"
    else:
        role = f"layer {layer} {direction}"
    return f"{names[what]}, {role}; {rows}"


NOTES = {
    "i": "input gate", "f": "forget gate", "g": "cell candidate", "o": "output gate", "c": "cell state",
    "r": "reset gate", "z": "update gate", "n": "candidate", "h": "hidden state",
}


def forward_note(key, layer, d, top):
    direction = ("forward direction" if d == "" else
                 "backward direction (runs from step lengths[b]-1 down to 0)")
    what = ("W_hn h_prev + b_hn (the term multiplied by r_t)" if key == "hn_lin"
            else f"{NOTES[key]} {key}_t")
    extra = ""
    if key == "h":
        half = "0:H" if d == "" else "H:2H"
        extra = (f"; = forward.h[..., {half}]" if top else f"; = entries {half} of layer {layer + 1}'s input u_t")
    return (f"layer {layer}, {direction}: {what} [B,T,H], stored at the original step t; 0 at padded "
            f"steps t >= lengths[b]{extra}")


def description(name, c):
    kind, L, B, T, I, H, O = (c[k] for k in ("kind", "L", "B", "T", "I", "H", "O"))
    lstm = kind == "lstm"
    G = 4 if lstm else 3
    cls = "LSTM" if lstm else "GRU"
    logit = "z_b" if lstm else "y_b"
    layers_word = {1: "One-layer", 2: "Two-layer (stacked)"}[L]
    lines = [
        f"{layers_word} bidirectional {cls}, many-to-one over sequences of different lengths: "
        f"torch.nn.{cls}(input_size={I}, hidden_size={H}, num_layers={L}, bias=True, batch_first=True, "
        f"dropout=0, bidirectional=True), run on pack_padded_sequence(x, lengths, batch_first=True, "
        f"enforce_sorted=False) from zero initial states, followed by torch.nn.Linear({2 * H}, {O}) on one "
        f"feature vector per sequence (below); softmax cross-entropy with one class target per sequence, "
        f"summed over the batch.",
        f"Lengths: lengths = {c['lengths']} (deliberately not sorted); sequence b has the valid steps "
        f"t = 0..lengths[b]-1 (0-based, as stored). Steps t >= lengths[b] are padding: x there is drawn "
        f"with randn like the rest (NOT zero) but never read (gradients['x'] is exactly 0 there), and every "
        f"per-step forward value is 0 there.",
        f"Weights: every layer l (0 = bottom{', 1 = top' if L > 1 else ''}) and direction (forward: no "
        f"suffix; backward: suffix _reverse) has its own rnn.weight_ih_l<l>[_reverse] = "
        + ("[W_ii; W_if; W_ig; W_io]" if lstm else "[W_ir; W_iz; W_in]")
        + f" ([{G}H,I] for l=0" + (f", [{G}H,2H] for l=1" if L > 1 else "") + "), "
        f"rnn.weight_hh_l<l>[_reverse] = "
        + ("[W_hi; W_hf; W_hg; W_ho]" if lstm else "[W_hr; W_hz; W_hn]")
        + f" ([{G}H,H]), rnn.bias_ih_l<l>[_reverse] = "
        + ("[b_ii; b_if; b_ig; b_io]" if lstm else "[b_ir; b_iz; b_in]")
        + ", rnn.bias_hh_l<l>[_reverse] = "
        + ("[b_hi; b_hf; b_hg; b_ho]" if lstm else "[b_hr; b_hz; b_hn]")
        + f" ([{G}H]); PyTorch gate order "
        + ("i, f, g, o (rows 0:H, H:2H, 2H:3H, 3H:4H)." if lstm else "r, z, n (rows 0:H, H:2H, 2H:3H)."),
        "Cell (sigma = logistic sigmoid, * = elementwise; u_t is the layer's input at step t, h_prev"
        + (" and c_prev" if lstm else "")
        + " the direction's previous state; every weight is that of the layer and direction):",
    ]
    if lstm:
        lines += [
            "  i_t = sigma(W_ii u_t + b_ii + W_hi h_prev + b_hi)",
            "  f_t = sigma(W_if u_t + b_if + W_hf h_prev + b_hf)",
            "  g_t = tanh (W_ig u_t + b_ig + W_hg h_prev + b_hg)",
            "  o_t = sigma(W_io u_t + b_io + W_ho h_prev + b_ho)",
            "  c_t = f_t * c_prev + i_t * g_t",
            "  h_t = o_t * tanh(c_t)",
        ]
    else:
        lines += [
            "  r_t = sigma(W_ir u_t + b_ir + W_hr h_prev + b_hr)",
            "  z_t = sigma(W_iz u_t + b_iz + W_hz h_prev + b_hz)",
            "  hn_lin_t = W_hn h_prev + b_hn",
            "  n_t = tanh (W_in u_t + b_in + r_t * hn_lin_t)     <- r multiplies (W_hn h_prev + b_hn), bias b_hn INSIDE",
            "  h_t = (1 - z_t) * n_t + z_t * h_prev",
        ]
    state = "h_prev, c_prev" if lstm else "h_prev"
    lines += [
        f"Directions, for sequence b with n = lengths[b]: the forward direction runs t = 0, 1, ..., n-1 with "
        f"{state} = its state after step t-1 (zero before step 0); the backward direction starts at the "
        f"sequence's own last valid step t = n-1 (not T-1) from a zero state and runs t = n-1, n-2, ..., 0 "
        f"with {state} = its state after step t+1 (zero before step n-1). Both are indexed by the ORIGINAL "
        f"step t: h_layer<l>[b,t] is the forward direction's state after reading step t, "
        f"h_layer<l>_reverse[b,t] the backward direction's state after reading step t (having read steps "
        f"n-1..t).",
        "Layer inputs: u^(0)_t = x_t"
        + ("; u^(1)_t = [h_layer0[t] ; h_layer0_reverse[t]] (2H, forward half first), read by both "
           "directions of layer 1." if L > 1 else "."),
        f"Outputs: h[b,t] = [h_layer{L - 1}[b,t] ; h_layer{L - 1}_reverse[b,t]] ([B,T,2H], = "
        f"pad_packed_sequence(output, batch_first=True, total_length=T), zeros at padded steps); "
        f"h_n[2l+d] ([{2 * L},B,H], PyTorch's order "
        + ("l0 forward, l0 backward, l1 forward, l1 backward" if L > 1 else "forward, backward")
        + ", original batch order) = the forward direction's h at step n-1 (d = 0) and the backward "
        "direction's h at step 0 (d = 1)" + ("; c_n likewise for c." if lstm else "."),
        f"Head: features_b = [h_layer{L - 1}[b, n-1] ; h_layer{L - 1}_reverse[b, 0]] = "
        f"cat(h_n[{2 * L - 2}], h_n[{2 * L - 1}]) ([B,2H]: the top layer's forward state after the last "
        f"valid step and its backward state after step 0); {logit} = W_out features_b + b_out "
        f"(linear.weight [O,2H], linear.bias [O]); p_b = softmax({logit}); "
        f"L = sum_b -log p_b[target_b] (reduction='sum'; divide by B for the batch mean).",
        "forward holds, per layer l and direction, "
        + (", ".join(f"{k}_layer<l>" for k in ("i", "f", "g", "o", "c", "h")) if lstm else
           ", ".join(f"{k}_layer<l>" for k in ("r", "z", "n", "hn_lin", "h")))
        + " (forward direction) and the same keys with the suffix _reverse (backward direction), each "
        "[B,T,H] with zeros at padded steps"
        + (" (the _layer0 suffix is used although there is one layer)" if L == 1 else "")
        + "; then h, h_n" + (", c_n" if lstm else "") + f", features ([B,2H]), logits ({logit}, [B,O]), "
        "probs ([B,O]), loss_per_item ([B]). intermediate_gradients: logits = dL/d" + logit
        + " = p_b - onehot(target_b).",
        "The initial states are zero (no h0/c0 in inputs, no gradient for them). No dropout. "
        + ("b_ih and b_hh of a layer and direction enter only as their sum, so their gradients are "
           "identical." if lstm else
           "Because b_hn sits inside r_t * (...), the gradients of b_in and b_hn differ (those of "
           "b_ir/b_hr and b_iz/b_hz are equal). z here is the update gate; the logits are called y_b.")
        + f" Sizes: B={B}, T={T}, I={I}, H={H}, O={O}, num_layers={L}, 2 directions. Seed: "
        f"torch.manual_seed({c['seed']}), then module construction in float64 (nn.{cls}, then "
        f"nn.Linear; default init U(-1/sqrt(H),1/sqrt(H)) for the {cls}, U(-1/sqrt(2H),1/sqrt(2H)) for "
        f"the Linear), x = randn(B,T,I) (padded steps included), targets = randint(0,O,(B,)); the "
        f"lengths are fixed.",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- one case


def make_case(name, c):
    kind, L, B, T, I, H, O = (c[k] for k in ("kind", "L", "B", "T", "I", "H", "O"))
    lstm = kind == "lstm"
    gate_keys = ("i", "f", "g", "o", "c", "h") if lstm else ("r", "z", "n", "hn_lin", "h")
    lens = c["lengths"]
    assert len(lens) == B and all(1 <= n <= T for n in lens) and max(lens) == T
    assert lens != sorted(lens, reverse=True), "lengths should be unsorted"

    torch.manual_seed(c["seed"])
    net = Net(c)
    x = torch.randn(B, T, I)
    targets = torch.randint(0, O, (B,))
    lengths = torch.tensor(lens, dtype=torch.int64)
    rnn, linear = net.rnn, net.linear
    for b in range(B):  # the padding holds generic values
        if lens[b] < T:
            assert bool((x[b, lens[b]:] != 0).all())

    # ---- module + autograd: outputs and gradients
    xg = x.clone().requires_grad_(True)
    out, h_n, c_n, features, logits = module_forward(net, xg, lengths, T)
    probs = torch.softmax(logits, dim=-1)
    loss_per_item = F.cross_entropy(logits, targets, reduction="none")
    loss = F.cross_entropy(logits, targets, reduction="sum")
    net.zero_grad()
    loss.backward()
    sd = net.state_dict()
    param_names = list(sd.keys())
    expect = [f"rnn.{w}_l{l}{d}" for l in range(L) for d in DIRS for w in WEIGHTS]
    assert param_names == expect + ["linear.weight", "linear.bias"], param_names
    named = dict(net.named_parameters())
    grads = {p: named[p].grad.detach().clone() for p in param_names}
    grads["x"] = xg.grad.detach().clone()

    # ---- hand-written graph from the module's own weights, per sequence on its valid steps
    leaves = {p: named[p].detach().clone().requires_grad_(True) for p in param_names}
    hx = x.clone().requires_grad_(True)
    # vals[l][d][key][b] = list of lengths[b] tensors [H]
    vals = [[{k: [None] * B for k in gate_keys} for _ in DIRS] for _ in range(L)]
    for b in range(B):
        n = lens[b]
        u = [hx[b, t] for t in range(n)]
        for l in range(L):
            for di, d in enumerate(DIRS):
                w = [leaves[f"rnn.{kw}_l{l}{d}"] for kw in WEIGHTS]
                res = run_direction(kind, u, w, H, reverse=(di == 1))
                for k in gate_keys:
                    vals[l][di][k][b] = res[k]
            u = [torch.cat([vals[l][0]["h"][b][t], vals[l][1]["h"][b][t]]) for t in range(n)]
    per_step = {}
    for l in range(L):
        for di, d in enumerate(DIRS):
            for k in gate_keys:
                per_step[f"{k}_layer{l}{d}"] = padded(vals[l][di][k], T, H)
    hand_hn = torch.stack([torch.stack([vals[l][di]["h"][b][lens[b] - 1 if di == 0 else 0] for b in range(B)])
                           for l in range(L) for di in range(2)])
    hand_cn = (torch.stack([torch.stack([vals[l][di]["c"][b][lens[b] - 1 if di == 0 else 0] for b in range(B)])
                            for l in range(L) for di in range(2)]) if lstm else None)
    top = L - 1
    hand_out = torch.cat([per_step[f"h_layer{top}"], per_step[f"h_layer{top}_reverse"]], dim=2)
    hand_features = torch.stack([torch.cat([vals[top][0]["h"][b][lens[b] - 1], vals[top][1]["h"][b][0]])
                                 for b in range(B)])
    hand_logits = hand_features @ leaves["linear.weight"].T + leaves["linear.bias"]
    hand_logits.retain_grad()
    hand_loss = F.cross_entropy(hand_logits, targets, reduction="sum")
    hand_loss.backward()

    # ---- checks: hand-written == modules
    checks = {}
    with torch.no_grad():
        u = x
        for l in range(L):
            one = one_layer_copy(kind, rnn, l, u.shape[-1], H)
            y, hn1, cn1 = run_packed(one, u, lengths, T)
            both = torch.cat([per_step[f"h_layer{l}"], per_step[f"h_layer{l}_reverse"]], dim=2)
            checks[f"h_layer{l} (both directions) vs one-layer module"] = check(f"h_layer{l}", both, y)
            checks[f"h_n layer {l} vs one-layer module"] = check(f"h_n l{l}", hand_hn[2 * l:2 * l + 2], hn1)
            if lstm:
                checks[f"c_n layer {l} vs one-layer module"] = check(f"c_n l{l}", hand_cn[2 * l:2 * l + 2], cn1)
            u = y
        # each sequence alone, unpacked, on its valid steps only
        for b in range(B):
            res = rnn(x[b:b + 1, :lens[b]])
            hb, cb = res[1] if lstm else (res[1], None)
            checks[f"seq {b} alone: output"] = check(f"seq {b} output", res[0][0], out[b, :lens[b]])
            checks[f"seq {b} alone: h_n"] = check(f"seq {b} h_n", hb[:, 0], h_n[:, b])
            if lstm:
                checks[f"seq {b} alone: c_n"] = check(f"seq {b} c_n", cb[:, 0], c_n[:, b])
    checks["h (top, padded) vs module output"] = check("h", hand_out, out)
    checks["padded output is exactly 0"] = 0.0
    for b in range(B):
        assert bool((out[b, lens[b]:] == 0).all())
    checks["h_n"] = check("h_n", hand_hn, h_n)
    if lstm:
        checks["c_n"] = check("c_n", hand_cn, c_n)
    checks["features"] = check("features", hand_features, features)
    checks["features vs module output at n-1 / 0"] = check("features (out)", hand_features, torch.stack(
        [torch.cat([out[b, lens[b] - 1, :H], out[b, 0, H:]]) for b in range(B)]))
    checks["logits"] = check("logits", hand_logits, logits)
    checks["loss"] = check("loss", hand_loss, loss)
    for p in param_names:
        checks["grad " + p] = check("grad " + p, leaves[p].grad, grads[p])
    checks["grad x"] = check("grad x", hx.grad, grads["x"])
    for b in range(B):
        assert bool((grads["x"][b, lens[b]:] == 0).all()) and bool((hx.grad[b, lens[b]:] == 0).all())
    checks["dL/dlogits = p - onehot"] = check(
        "dL/dlogits", hand_logits.grad, probs - F.one_hot(targets, O).to(probs.dtype))
    with torch.no_grad():
        x2 = x.clone()
        for b in range(B):
            x2[b, lens[b]:] = torch.linspace(-3.0, 3.0, (T - lens[b]) * I).reshape(T - lens[b], I)
        assert float(module_loss(net, x2, lengths, targets, T)) == float(loss), "padding is read"

    # ---- central finite differences on the module
    fd_err = 0.0
    fd_count = 0
    with torch.no_grad():
        def loss_now():
            return float(module_loss(net, x, lengths, targets, T))

        fd_targets = []
        for p in param_names:
            n = named[p].numel()
            fd_targets.append((p, named[p].data, grads[p], sorted({0, n // 3, (2 * n) // 3, n - 1})))
        x_idx = set()
        for b in range(B):
            x_idx.add((b * T + 0) * I + 0)
            x_idx.add((b * T + lens[b] - 1) * I + I - 1)
            if lens[b] < T:
                x_idx.add((b * T + T - 1) * I + 1)  # a padded entry
        fd_targets.append(("x", x, grads["x"], sorted(x_idx)))
        for pname, data, g, idxs in fd_targets:
            flat = data.view(-1)
            gflat = g.reshape(-1)
            for idx in idxs:
                orig = float(flat[idx])
                flat[idx] = orig + FD_STEP
                lp = loss_now()
                flat[idx] = orig - FD_STEP
                lm = loss_now()
                flat[idx] = orig
                fd = (lp - lm) / (2 * FD_STEP)
                err = abs(fd - float(gflat[idx]))
                if pname == "x" and (idx // I) % T >= lens[idx // (I * T)]:
                    assert lp == lm == float(loss) and float(gflat[idx]) == 0.0, "padded x entry"
                fd_err = max(fd_err, err)
                fd_count += 1
        assert loss_now() == float(loss)  # restored
    assert fd_err <= FD_TOL, f"{name}: finite-difference error {fd_err}"

    # ---- assemble
    config = {
        "model": kind,
        "mode": "many-to-one",
        "num_layers": L,
        "bidirectional": "true",
        "batch": B,
        "seq_len": T,
        "input_size": I,
        "hidden_size": H,
        "output_size": O,
        "gate_order": "i,f,g,o" if lstm else "r,z,n",
        "loss": "softmax cross-entropy, reduction=sum",
        "seed": c["seed"],
        "dtype": "float64",
        "torch_version": torch.__version__,
        "generator": GENERATOR,
    }
    parameters = {}
    for p in param_names:
        if p.startswith("rnn."):
            w, rest = p[4:].split("_l", 1)
            layer = int(rest[0])
            d = rest[1:]
            note = gate_layout_note(kind, w, layer, d, H)
        elif p == "linear.weight":
            note = ("W_out [O,2H] (features -> output): columns [0:H] read the top layer's forward h at "
                    "step lengths[b]-1, [H:2H] its backward h at step 0")
        else:
            note = "b_out"
        parameters[p] = tensor(sd[p], note)

    inputs = {
        "x": tensor(x, "input sequences [B,T,I], batch-first; randn everywhere, also at the padded "
                       "steps t >= lengths[b], which must be ignored"),
        "lengths": tensor(lengths, "valid steps per sequence [B] (unsorted; steps t >= lengths[b] are "
                                   "padding)"),
        "targets": tensor(targets, "class index per sequence [B]"),
    }

    logit = "z_b" if lstm else "y_b"
    forward = {}
    for l in range(L):
        for d in DIRS:
            for k in gate_keys:
                forward[f"{k}_layer{l}{d}"] = tensor(per_step[f"{k}_layer{l}{d}"],
                                                     forward_note(k, l, d, l == L - 1))
    forward["h"] = tensor(out, f"top-layer output [B,T,2H] = [h_layer{L - 1} ; h_layer{L - 1}_reverse] "
                               f"(= nn.{'LSTM' if lstm else 'GRU'} output through pad_packed_sequence; 0 at "
                               f"padded steps)")
    order = ("l0 forward, l0 backward, l1 forward, l1 backward" if L > 1 else "forward, backward")
    forward["h_n"] = tensor(h_n, f"final hidden states [{2 * L},B,H], index 2*l+d ({order}); forward: h at "
                                 f"step lengths[b]-1, backward: h at step 0")
    if lstm:
        forward["c_n"] = tensor(c_n, f"final cell states [{2 * L},B,H], same order as h_n")
    forward["features"] = tensor(hand_features, f"head input [B,2H] = [h_layer{L - 1}[b, lengths[b]-1] ; "
                                                f"h_layer{L - 1}_reverse[b, 0]] = cat(h_n[{2 * L - 2}], "
                                                f"h_n[{2 * L - 1}])")
    forward["logits"] = tensor(logits, f"{logit} [B,O]")
    forward["probs"] = tensor(probs, f"softmax({logit}) [B,O]")
    forward["loss_per_item"] = tensor(loss_per_item, "-log p_b[target_b] per sequence [B]")

    gradients = {p: tensor(grads[p], f"dL/d({p})") for p in param_names}
    gradients["x"] = tensor(grads["x"], "dL/d(x) [B,T,I]; exactly 0 at padded steps")

    inter = {"logits": tensor(hand_logits.grad, f"dL/d{logit} = p_b - onehot(target_b) [B,O]")}

    case = {
        "name": name,
        "description": description(name, c),
        "conventions": CONVENTIONS,
        "config": config,
        "parameters": parameters,
        "inputs": inputs,
        "forward": forward,
        "loss": float(loss),
        "gradients": gradients,
        "intermediate_gradients": inter,
    }
    return case, fd_err, fd_count, checks


def update_index(entries):
    index_path = os.path.join(HERE, "index.json")
    with open(index_path, encoding="utf-8") as f:
        index = json.load(f)
    if SCRIPT not in index["description"]:
        old = "10-11 by make_multilayer_cases.py and 12-13 by make_embedding_cases.py, both in this directory."
        assert old in index["description"], "index.json description changed; update update_index()"
        index["description"] = index["description"].replace(
            old, "10-11 by make_multilayer_cases.py, 12-13 by make_embedding_cases.py and 14-15 by "
                 "make_bidirectional_cases.py, all in this directory.")
    files = index["files"]
    for e in entries:
        at = [i for i, f in enumerate(files) if f.get("file") == e["file"]]
        if at:
            files[at[0]] = e
            for i in reversed(at[1:]):
                del files[i]
        else:
            files.append(e)
    write_json("index.json", index)
    print(f"index.json: {len(files)} files")


def main():
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    entries = []
    for name, c in CASES.items():
        case, fd_err, fd_count, checks = make_case(name, c)
        write_json(name + ".json", case)
        entries.append({"file": name + ".json", "loss": case["loss"], "max_fd_abs_error": fd_err})
        worst = max(checks.values())
        print(f"{name}.json: loss {case['loss']!r}; hand-written vs module, worst of {len(checks)} "
              f"checks {worst:.3e}; finite differences ({fd_count} entries, step {FD_STEP}) max abs "
              f"error {fd_err:.3e}")
        for section in ("inputs", "forward", "gradients", "intermediate_gradients"):
            print(f"  {section}:", ", ".join(case[section]))
    update_index(entries)


if __name__ == "__main__":
    main()
