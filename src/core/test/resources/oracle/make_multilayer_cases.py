#!/usr/bin/python3
"""Generate the two-layer LSTM and GRU reference cases of this directory.

    /usr/bin/python3 src/core/test/resources/oracle/make_multilayer_cases.py

writes, next to this script,
    10_lstm2_many_to_many.json   torch.nn.LSTM(3, 4, num_layers=2) + nn.Linear(4, 2), seed 10
    11_gru2_many_to_many.json    torch.nn.GRU(3, 4, num_layers=2)  + nn.Linear(4, 2), seed 11
and adds (or replaces) their entries in the "files" list of index.json in the same
directory. It reads nothing else. The files have the format of the other cases here
(see README.md): every tensor is {"shape", "dtype", "values", "note"}, values flattened
row-major, floats written with Python repr so that they round-trip exactly.

Before anything is written the script checks that
  * the hand-written equations reproduce the modules: every layer's h (and c) at every
    step, h_n, c_n, the logits and the loss, to 1e-12 (layer 0 against a one-layer module
    holding the _l0 weights, layer 1 against the two-layer module's output);
  * the gradients of the hand-written graph equal the module's autograd gradients (1e-12);
  * autograd agrees with central finite differences (step 1e-6) on a few entries of every
    parameter and of x, h0 (and c0); the worst absolute error goes into index.json.
Running it twice gives byte-identical files.
"""

import json
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = "src/core/test/resources/oracle/make_multilayer_cases.py (run with /usr/bin/python3)"

B, T, I, H, O, L = 2, 5, 3, 4, 2, 2
TOL = 1e-12
FD_STEP = 1e-6
FD_TOL = 1e-7

CONVENTIONS = (
    "Tensor encoding: every tensor is an object {\"shape\": [...], \"dtype\": \"float64\"|\"int64\", "
    "\"values\": [...], \"note\": \"...\"}. \"values\" is the tensor flattened in row-major (C) order "
    "(last index fastest), so element [i][j][k] of shape [A,Bd,C] is values[(i*Bd + j)*C + k]. Floats "
    "are written with Python repr (shortest decimal that round-trips to the exact IEEE-754 double). "
    "Sequences are batch-first: x has shape [B, T, I] and x[b][t] is the input vector of sequence b at "
    "time step t+1 (index 0 = first step). Hidden states are stored per step the same way, [B, T, H]. "
    "Initial states use PyTorch's shape [num_layers, B, H] (index 0 = layer 0, the bottom layer); in "
    "this file they are NOT zero (drawn with randn, see description). Weight matrices act on column "
    "vectors, y = W v: a matrix of shape [rows, cols] maps a cols-vector to a rows-vector (so W_ih is "
    "[G*H, I] with G gate blocks stacked along the rows in PyTorch's order). Gradients have the shape of "
    "the tensor they belong to. Losses use reduction SUM over batch and time steps (see each "
    "description); for a loss averaged over the batch divide the loss and every gradient by B. The "
    "module outputs (h, h_n, c_n, logits, probs, loss_per_item) and the parameter/input gradients come "
    "from PyTorch modules + autograd; the per-layer values (gates, c and h of each layer, suffix "
    "_layer0/_layer1) and the intermediate gradients (dL/dh_t etc.) come from the hand-written "
    "equations (checked equal to the modules to 1e-12) with retain_grad()."
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
    err = max_abs(a, b)
    assert err <= tol, f"{what}: max abs difference {err} > {tol}"
    return err


# --------------------------------------------------------------------------- hand-written cells


def stacked_weights(rnn, layer):
    """Leaf copies of one layer's weights (the hand-written graph gets its own leaves, so
    its backward pass does not touch the module's .grad)."""
    return [getattr(rnn, f"{kind}_l{layer}").detach().clone().requires_grad_(True)
            for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]


def lstm_layer(u, h, c, w_ih, w_hh, b_ih, b_hh):
    """u: list of T tensors [B, in]; h, c: [B, H]. Returns per-step lists (each [B, H])."""
    out = {k: [] for k in ("i", "f", "g", "o", "c", "h")}
    for t in range(T):
        a = (u[t] @ w_ih.T + b_ih) + (h @ w_hh.T + b_hh)
        i = torch.sigmoid(a[:, 0:H])
        f = torch.sigmoid(a[:, H:2 * H])
        g = torch.tanh(a[:, 2 * H:3 * H])
        o = torch.sigmoid(a[:, 3 * H:4 * H])
        c = f * c + i * g
        h = o * torch.tanh(c)
        c.retain_grad()
        h.retain_grad()
        for k, v in zip(("i", "f", "g", "o", "c", "h"), (i, f, g, o, c, h)):
            out[k].append(v)
    return out


def gru_layer(u, h, w_ih, w_hh, b_ih, b_hh):
    out = {k: [] for k in ("r", "z", "n", "hn_lin", "h")}
    for t in range(T):
        gi = u[t] @ w_ih.T + b_ih
        gh = h @ w_hh.T + b_hh
        r = torch.sigmoid(gi[:, 0:H] + gh[:, 0:H])
        z = torch.sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
        hn_lin = gh[:, 2 * H:3 * H]
        n = torch.tanh(gi[:, 2 * H:3 * H] + r * hn_lin)
        h = (1 - z) * n + z * h
        h.retain_grad()
        for k, v in zip(("r", "z", "n", "hn_lin", "h"), (r, z, n, hn_lin, h)):
            out[k].append(v)
    return out


def seq(steps):
    """list of T tensors [B, H] -> [B, T, H]"""
    return torch.stack(steps, dim=1)


# --------------------------------------------------------------------------- one case


def build(kind):
    seed = 10 if kind == "lstm" else 11
    torch.manual_seed(seed)
    module_cls = torch.nn.LSTM if kind == "lstm" else torch.nn.GRU
    rnn = module_cls(input_size=I, hidden_size=H, num_layers=L, bias=True, batch_first=True, dropout=0.0)
    linear = torch.nn.Linear(H, O)
    x = torch.randn(B, T, I)
    targets = torch.randint(0, O, (B, T))
    h0 = torch.randn(L, B, H)
    c0 = torch.randn(L, B, H) if kind == "lstm" else None
    return seed, rnn, linear, x, targets, h0, c0


def module_forward(kind, rnn, linear, x, h0, c0):
    if kind == "lstm":
        out, (h_n, c_n) = rnn(x, (h0, c0))
    else:
        out, h_n = rnn(x, h0)
        c_n = None
    logits = linear(out)
    return out, h_n, c_n, logits


def module_loss(kind, rnn, linear, x, targets, h0, c0):
    _, _, _, logits = module_forward(kind, rnn, linear, x, h0, c0)
    return F.cross_entropy(logits.reshape(-1, O), targets.reshape(-1), reduction="sum")


def single_layer_outputs(kind, rnn, x, h0, c0):
    """Each layer of `rnn` run as its own one-layer module (same weights): the module's
    h (and c) of layer 0 at every step, which the two-layer module does not expose."""
    outs = []
    u = x
    for l in range(L):
        cls = torch.nn.LSTM if kind == "lstm" else torch.nn.GRU
        one = cls(input_size=u.shape[-1], hidden_size=H, num_layers=1, bias=True, batch_first=True)
        with torch.no_grad():
            for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                getattr(one, f"{w}_l0").copy_(getattr(rnn, f"{w}_l{l}"))
            if kind == "lstm":
                y, (hn, cn) = one(u, (h0[l:l + 1], c0[l:l + 1]))
            else:
                y, hn = one(u, h0[l:l + 1])
                cn = None
        outs.append((y, hn, cn))
        u = y
    return outs


def gate_layout_note(kind, what, layer):
    if kind == "lstm":
        names = {"weight_ih": "W_i* = [W_ii;W_if;W_ig;W_io]", "weight_hh": "W_h* = [W_hi;W_hf;W_hg;W_ho]",
                 "bias_ih": "b_i* = [b_ii;b_if;b_ig;b_io]", "bias_hh": "b_h* = [b_hi;b_hf;b_hg;b_ho]"}
        rows = ("rows [0:H]=i (input gate), [H:2H]=f (forget), [2H:3H]=g (cell candidate), "
                "[3H:4H]=o (output)")
    else:
        names = {"weight_ih": "W_i* = [W_ir;W_iz;W_in]", "weight_hh": "W_h* = [W_hr;W_hz;W_hn]",
                 "bias_ih": "b_i* = [b_ir;b_iz;b_in]", "bias_hh": "b_h* = [b_hr;b_hz;b_hn]"}
        rows = "rows [0:H]=r (reset), [H:2H]=z (update), [2H:3H]=n (new/candidate)"
    if what == "weight_ih":
        role = ("layer 0 (input -> hidden)" if layer == 0
                else "layer 1 (layer-0 hidden -> layer-1 hidden)")
    elif what == "weight_hh":
        role = f"layer {layer} (hidden -> hidden)"
    else:
        role = f"layer {layer}"
    return f"{names[what]}, {role}; {rows}"


LSTM_DESCRIPTION = (
    "Two-layer (stacked) LSTM, many-to-many: torch.nn.LSTM(input_size=3, hidden_size=4, num_layers=2, "
    "bias=True, batch_first=True, dropout=0) followed by torch.nn.Linear(4, 2) applied to the top "
    "layer's hidden state at every step; softmax cross-entropy summed over every step.\n"
    "PyTorch gate order inside the stacked weights is i, f, g, o, in both layers; layer l (0 = bottom, "
    "1 = top) has its own weights: rnn.weight_ih_l<l> = [W_ii; W_if; W_ig; W_io] ([4H,I] for l=0, [4H,H] "
    "for l=1; rows 0:H, H:2H, 2H:3H, 3H:4H), rnn.weight_hh_l<l> = [W_hi; W_hf; W_hg; W_ho] ([4H,H]), "
    "rnn.bias_ih_l<l> = [b_ii; b_if; b_ig; b_io], rnn.bias_hh_l<l> = [b_hi; b_hf; b_hg; b_ho] ([4H]).\n"
    "For t = 1..T and l = 0, 1 (sigma = logistic sigmoid, * = elementwise; the superscript (l) names the layer; layer 0 reads u^(0)_t = x_t, "
    "layer 1 reads u^(1)_t = h^(0)_t, the output of layer 0 at the same step; every weight below is that "
    "of layer l):\n"
    "  i^(l)_t = sigma(W_ii u^(l)_t + b_ii + W_hi h^(l)_{t-1} + b_hi)\n"
    "  f^(l)_t = sigma(W_if u^(l)_t + b_if + W_hf h^(l)_{t-1} + b_hf)\n"
    "  g^(l)_t = tanh (W_ig u^(l)_t + b_ig + W_hg h^(l)_{t-1} + b_hg)\n"
    "  o^(l)_t = sigma(W_io u^(l)_t + b_io + W_ho h^(l)_{t-1} + b_ho)\n"
    "  c^(l)_t = f^(l)_t * c^(l)_{t-1} + i^(l)_t * g^(l)_t\n"
    "  h^(l)_t = o^(l)_t * tanh(c^(l)_t),      h^(l)_0 = h0[l], c^(l)_0 = c0[l]   (h0[0], c0[0]: layer 0; h0[1], c0[1]: layer 1)\n"
    "  z_t = W_out h^(1)_t + b_out (linear.weight [O,H], linear.bias [O]);  p_t = softmax(z_t)\n"
    "  L = sum_b sum_t -log p_t[target_{b,t}]   (reduction='sum'; divide by B for the batch mean)\n"
    "The initial states are NOT zero: h0 and c0 ([num_layers=2,B,H]) are drawn with randn (see Seed), "
    "so gradients['h0'] and gradients['c0'] (dL/dh^(l)_0, dL/dc^(l)_0 of both layers) are generic non-zero "
    "values and the forget gate of step 1 acts on a non-zero cell state.\n"
    "forward holds every value of both layers under the suffixes _layer0/_layer1, each [B,T,H]: "
    "i_layer<l>, f_layer<l>, g_layer<l>, o_layer<l>, c_layer<l>, h_layer<l> = i^(l)_t, f^(l)_t, g^(l)_t, o^(l)_t, "
    "c^(l)_t, h^(l)_t; h = h^(1)_t (= nn.LSTM output, the same values as h_layer1); h_n[l] = h^(l)_T, c_n[l] = c^(l)_T "
    "([2,B,H]). intermediate_gradients: logits = dL/dz_t; h_layer<l> = total dL/dh^(l)_t (layer 0: through "
    "layer 1's input at step t and through step t+1; layer 1: through z_t and step t+1); c_layer<l> = "
    "total dL/dc^(l)_t (through h^(l)_t and c^(l)_{t+1}).\n"
    "No dropout between the layers, no forget-gate bias offset beyond the stored values; b_ih and b_hh "
    "of a layer enter only as their sum, so their gradients are identical. Sizes: B=2, T=5, I=3, H=4, "
    "O=2, num_layers=2. Seed: torch.manual_seed(10), then module construction (nn.LSTM, then nn.Linear; "
    "default init U(-1/sqrt(H),1/sqrt(H))), x = randn(B,T,I), targets = randint(0,O,(B,T)), "
    "h0 = randn(2,B,H), c0 = randn(2,B,H)."
)

GRU_DESCRIPTION = (
    "Two-layer (stacked) GRU, many-to-many: torch.nn.GRU(input_size=3, hidden_size=4, num_layers=2, "
    "bias=True, batch_first=True, dropout=0) followed by torch.nn.Linear(4, 2) applied to the top "
    "layer's hidden state at every step; softmax cross-entropy summed over every step.\n"
    "PyTorch gate order inside the stacked weights is r, z, n, in both layers; layer l (0 = bottom, "
    "1 = top) has its own weights: rnn.weight_ih_l<l> = [W_ir; W_iz; W_in] ([3H,I] for l=0, [3H,H] for "
    "l=1; rows 0:H, H:2H, 2H:3H), rnn.weight_hh_l<l> = [W_hr; W_hz; W_hn] ([3H,H]), "
    "rnn.bias_ih_l<l> = [b_ir; b_iz; b_in], rnn.bias_hh_l<l> = [b_hr; b_hz; b_hn] ([3H]).\n"
    "For t = 1..T and l = 0, 1 (sigma = logistic sigmoid, * = elementwise; the superscript (l) names the layer; layer 0 reads u^(0)_t = x_t, "
    "layer 1 reads u^(1)_t = h^(0)_t, the output of layer 0 at the same step; every weight below is that "
    "of layer l):\n"
    "  r^(l)_t = sigma(W_ir u^(l)_t + b_ir + W_hr h^(l)_{t-1} + b_hr)\n"
    "  z^(l)_t = sigma(W_iz u^(l)_t + b_iz + W_hz h^(l)_{t-1} + b_hz)\n"
    "  n^(l)_t = tanh (W_in u^(l)_t + b_in + r^(l)_t * (W_hn h^(l)_{t-1} + b_hn))     <- r multiplies (W_hn h + b_hn), bias b_hn INSIDE\n"
    "  h^(l)_t = (1 - z^(l)_t) * n^(l)_t + z^(l)_t * h^(l)_{t-1},     h^(l)_0 = h0[l]   (h0[0]: layer 0, h0[1]: layer 1)\n"
    "  y_t = W_out h^(1)_t + b_out (linear.weight [O,H], linear.bias [O]);  p_t = softmax(y_t)\n"
    "  L = sum_b sum_t -log p_t[target_{b,t}]   (reduction='sum'; divide by B for the batch mean)\n"
    "The initial state is NOT zero: h0 ([num_layers=2,B,H]) is drawn with randn (see Seed), so "
    "gradients['h0'] (dL/dh^(l)_0 of both layers) holds generic non-zero values and the terms "
    "z^(l)_1 * h^(l)_0 and W_hn h^(l)_0 of step 1 are non-zero.\n"
    "forward holds every value of both layers under the suffixes _layer0/_layer1, each [B,T,H]: "
    "r_layer<l>, z_layer<l>, n_layer<l>, hn_lin_layer<l> (= W_hn h^(l)_{t-1} + b_hn, the term multiplied by "
    "r^(l)_t), h_layer<l> = h^(l)_t; h = h^(1)_t (= nn.GRU output, the same values as h_layer1); h_n[l] = h^(l)_T "
    "([2,B,H]). intermediate_gradients: logits = dL/dy_t; h_layer<l> = total dL/dh^(l)_t (layer 0: through "
    "layer 1's input at step t and through step t+1; layer 1: through y_t and step t+1).\n"
    "No dropout between the layers. Because b_hn sits inside r_t * (...), the gradients of b_in and b_hn "
    "differ (those of b_ir/b_hr and b_iz/b_hz are equal). Note that z here is the update gate; the "
    "logits are called y_t / 'logits'. Sizes: B=2, T=5, I=3, H=4, O=2, num_layers=2. Seed: "
    "torch.manual_seed(11), then module construction (nn.GRU, then nn.Linear; default init "
    "U(-1/sqrt(H),1/sqrt(H))), x = randn(B,T,I), targets = randint(0,O,(B,T)), h0 = randn(2,B,H)."
)

GATE_NOTES = {
    "i": "input gate", "f": "forget gate", "g": "cell candidate", "o": "output gate", "c": "cell state",
    "r": "reset gate", "z": "update gate", "n": "candidate",
    "hn_lin": None, "h": "hidden state",
}


def forward_note(kind, key, layer):
    if key == "hn_lin":
        return f"layer {layer}: W_hn h^({layer})_{{t-1}} + b_hn (the term multiplied by r^({layer})_t) [B,T,H]"
    extra = ""
    if key == "h" and layer == 1:
        extra = f" (top layer; = nn.{'LSTM' if kind == 'lstm' else 'GRU'} output)"
    elif key == "h" and layer == 0:
        extra = " (input of layer 1)"
    return f"layer {layer}: {GATE_NOTES[key]} {key}^({layer})_t [B,T,H]{extra}"


def make_case(kind):
    seed, rnn, linear, x, targets, h0, c0 = build(kind)
    lstm = kind == "lstm"
    gate_keys = ("i", "f", "g", "o", "c", "h") if lstm else ("r", "z", "n", "hn_lin", "h")
    name = "10_lstm2_many_to_many" if lstm else "11_gru2_many_to_many"

    # ---- module + autograd: outputs and gradients
    xg = x.clone().requires_grad_(True)
    h0g = h0.clone().requires_grad_(True)
    c0g = c0.clone().requires_grad_(True) if lstm else None
    out, h_n, c_n, logits = module_forward(kind, rnn, linear, xg, h0g, c0g)
    probs = torch.softmax(logits, dim=-1)
    loss_per_item = F.cross_entropy(logits.reshape(-1, O), targets.reshape(-1), reduction="none").reshape(B, T)
    loss = F.cross_entropy(logits.reshape(-1, O), targets.reshape(-1), reduction="sum")
    rnn.zero_grad()
    linear.zero_grad()
    loss.backward()
    param_names = [f"rnn.{w}_l{l}" for l in range(L) for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    param_names += ["linear.weight", "linear.bias"]
    modules = {"rnn": rnn, "linear": linear}

    def param(pname):
        mod, attr = pname.split(".", 1)
        return getattr(modules[mod], attr)

    grads = {p: param(p).grad.detach().clone() for p in param_names}
    grads["x"] = xg.grad.detach().clone()
    grads["h0"] = h0g.grad.detach().clone()
    if lstm:
        grads["c0"] = c0g.grad.detach().clone()

    # ---- hand-written graph from the module's own weights
    hx = x.clone().requires_grad_(True)
    hh0 = h0.clone().requires_grad_(True)
    hc0 = c0.clone().requires_grad_(True) if lstm else None
    leaves = {}
    layers = []
    u = [hx[:, t, :] for t in range(T)]
    for l in range(L):
        w = stacked_weights(rnn, l)
        for kname, leaf in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"), w):
            leaves[f"rnn.{kname}_l{l}"] = leaf
        if lstm:
            res = lstm_layer(u, hh0[l], hc0[l], *w)
        else:
            res = gru_layer(u, hh0[l], *w)
        layers.append(res)
        u = res["h"]
    lw = linear.weight.detach().clone().requires_grad_(True)
    lb = linear.bias.detach().clone().requires_grad_(True)
    leaves["linear.weight"], leaves["linear.bias"] = lw, lb
    hand_top = seq(layers[-1]["h"])
    hand_logits = hand_top @ lw.T + lb
    hand_logits.retain_grad()
    hand_loss = F.cross_entropy(hand_logits.reshape(-1, O), targets.reshape(-1), reduction="sum")
    hand_loss.backward()

    # ---- checks: hand-written == modules
    checks = {}
    singles = single_layer_outputs(kind, rnn, x, h0, c0)
    for l in range(L):
        checks[f"h_layer{l} vs one-layer module"] = check(f"h_layer{l}", seq(layers[l]["h"]), singles[l][0])
        checks[f"h_n[{l}]"] = check(f"h_n[{l}]", layers[l]["h"][-1], h_n[l])
        if lstm:
            checks[f"c_n[{l}]"] = check(f"c_n[{l}]", layers[l]["c"][-1], c_n[l])
            checks[f"c_layer{l} last vs one-layer module"] = check(f"c_layer{l}", layers[l]["c"][-1], singles[l][2][0])
    checks["h_layer1 vs two-layer module output"] = check("h (top)", hand_top, out)
    checks["logits"] = check("logits", hand_logits, logits)
    checks["loss"] = check("loss", hand_loss, loss)
    for p in param_names:
        checks["grad " + p] = check("grad " + p, leaves[p].grad, grads[p])
    checks["grad x"] = check("grad x", hx.grad, grads["x"])
    checks["grad h0"] = check("grad h0", hh0.grad, grads["h0"])
    if lstm:
        checks["grad c0"] = check("grad c0", hc0.grad, grads["c0"])
    checks["dL/dlogits = p - onehot"] = check(
        "dL/dlogits", hand_logits.grad, probs - F.one_hot(targets, O).to(probs.dtype))

    # ---- central finite differences on the module
    fd_err = 0.0
    fd_count = 0
    with torch.no_grad():
        def loss_now():
            return float(module_loss(kind, rnn, linear, x, targets, h0, c0))

        targets_fd = [(p, param(p).data, grads[p]) for p in param_names]
        targets_fd += [("x", x, grads["x"]), ("h0", h0, grads["h0"])]
        if lstm:
            targets_fd.append(("c0", c0, grads["c0"]))
        for pname, data, g in targets_fd:
            flat = data.view(-1)
            n = flat.numel()
            for idx in sorted({0, n // 3, (2 * n) // 3, n - 1}):
                orig = float(flat[idx])
                flat[idx] = orig + FD_STEP
                lp = loss_now()
                flat[idx] = orig - FD_STEP
                lm = loss_now()
                flat[idx] = orig
                fd = (lp - lm) / (2 * FD_STEP)
                err = abs(fd - float(g.reshape(-1)[idx]))
                fd_err = max(fd_err, err)
                fd_count += 1
        assert float(module_loss(kind, rnn, linear, x, targets, h0, c0)) == float(loss)  # restored
    assert fd_err <= FD_TOL, f"{name}: finite-difference error {fd_err}"

    # ---- assemble
    config = {
        "model": kind,
        "mode": "many-to-many",
        "num_layers": L,
        "batch": B,
        "seq_len": T,
        "input_size": I,
        "hidden_size": H,
        "output_size": O,
        "gate_order": "i,f,g,o" if lstm else "r,z,n",
        "loss": "softmax cross-entropy, reduction=sum",
        "seed": seed,
        "dtype": "float64",
        "torch_version": torch.__version__,
        "generator": GENERATOR,
    }
    parameters = {}
    for l in range(L):
        for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            parameters[f"rnn.{w}_l{l}"] = tensor(getattr(rnn, f"{w}_l{l}"), gate_layout_note(kind, w, l))
    parameters["linear.weight"] = tensor(linear.weight, "W_out (hidden -> output)")
    parameters["linear.bias"] = tensor(linear.bias, "b_out")

    inputs = {"x": tensor(x, "input sequence [B,T,I], batch-first"),
              "h0": tensor(h0, "initial hidden states [num_layers=2,B,H], randn (NOT zero); "
                               "h0[0] layer 0, h0[1] layer 1")}
    if lstm:
        inputs["c0"] = tensor(c0, "initial cell states [num_layers=2,B,H], randn (NOT zero); "
                                  "c0[0] layer 0, c0[1] layer 1")
    inputs["targets"] = tensor(targets, "class index per (b,t)")

    logit_sym = "z_t" if lstm else "y_t"
    forward = {}
    for l in range(L):
        for k in gate_keys:
            forward[f"{k}_layer{l}"] = tensor(seq(layers[l][k]), forward_note(kind, k, l))
    forward["h"] = tensor(out, f"top-layer hidden state h^(1)_t [B,T,H] (= nn.{'LSTM' if lstm else 'GRU'} "
                               "output; same values as h_layer1)")
    forward["h_n"] = tensor(h_n, "final hidden states [2,B,H]; h_n[l] = h^(l)_T")
    if lstm:
        forward["c_n"] = tensor(c_n, "final cell states [2,B,H]; c_n[l] = c^(l)_T")
    forward["logits"] = tensor(logits, f"{logit_sym} [B,T,O]")
    forward["probs"] = tensor(probs, f"softmax({logit_sym})")
    forward["loss_per_item"] = tensor(loss_per_item, "-log p_t[target] per (b,t)")

    gradients = {p: tensor(grads[p], f"dL/d({p})") for p in param_names}
    gradients["x"] = tensor(grads["x"], "dL/d(x)")
    gradients["h0"] = tensor(grads["h0"], "dL/d(h0)")
    if lstm:
        gradients["c0"] = tensor(grads["c0"], "dL/d(c0)")

    inter = {"logits": tensor(hand_logits.grad, f"dL/d{logit_sym} = p_t - onehot(target)")}
    for l in range(L):
        via = ("through layer 1's input at step t and through step t+1" if l == 0
               else f"through {logit_sym} and through step t+1")
        inter[f"h_layer{l}"] = tensor(seq([h.grad for h in layers[l]["h"]]),
                                      f"layer {l}: total dL/dh^({l})_t [B,T,H] ({via})")
        if lstm:
            inter[f"c_layer{l}"] = tensor(seq([c.grad for c in layers[l]["c"]]),
                                          f"layer {l}: total dL/dc^({l})_t [B,T,H] (through h^({l})_t and c^({l})_{{t+1}})")

    case = {
        "name": name,
        "description": LSTM_DESCRIPTION if lstm else GRU_DESCRIPTION,
        "conventions": CONVENTIONS,
        "config": config,
        "parameters": parameters,
        "inputs": inputs,
        "forward": forward,
        "loss": float(loss),
        "gradients": gradients,
        "intermediate_gradients": inter,
    }
    return name, case, fd_err, fd_count, checks


def main():
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    entries = []
    for kind in ("lstm", "gru"):
        name, case, fd_err, fd_count, checks = make_case(kind)
        write_json(name + ".json", case)
        entries.append({"file": name + ".json", "loss": case["loss"], "max_fd_abs_error": fd_err})
        worst = max(checks.values())
        print(f"{name}.json: loss {case['loss']!r}; hand-written vs module, worst of {len(checks)} "
              f"checks {worst:.3e}; finite differences ({fd_count} entries, step {FD_STEP}) max abs "
              f"error {fd_err:.3e}")
        print("  forward:", ", ".join(case["forward"]))
        print("  intermediate_gradients:", ", ".join(case["intermediate_gradients"]))

    index_path = os.path.join(HERE, "index.json")
    with open(index_path, encoding="utf-8") as f:
        index = json.load(f)
    ours = {e["file"] for e in entries}
    index["files"] = [e for e in index["files"] if e.get("file") not in ours] + entries
    write_json("index.json", index)
    print(f"index.json: {len(index['files'])} files")


if __name__ == "__main__":
    main()
