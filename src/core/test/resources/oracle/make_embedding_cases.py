#!/usr/bin/python3
"""Generate the token-input reference cases of this directory: an nn.Embedding in front of the
recurrent layers, and a head tied to it.

    /usr/bin/python3 src/core/test/resources/oracle/make_embedding_cases.py

writes, next to this script,
    12_lstm_embedding_many_to_many.json      nn.Embedding(6, 3) + nn.LSTM(3, 4) + nn.Linear(4, 6), seed 12
    13_gru2_embedding_tied_many_to_many.json nn.Embedding(6, 4) + nn.GRU(4, 4, num_layers=2)
                                             + nn.Linear(4, 6), linear.weight = embedding.weight, seed 13
and adds (or replaces) their entries in index.json. Same format and helpers as
make_multilayer_cases.py. Before anything is written, autograd is checked against central finite
differences (step 1e-6) on every entry of every parameter and of h0 (and c0); the worst absolute
error goes into index.json. Running it twice gives byte-identical files.
"""

import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_multilayer_cases as mm  # noqa: E402  (dumps, tensor, write_json)

GENERATOR = "src/core/test/resources/oracle/make_embedding_cases.py (run with /usr/bin/python3)"
B, T, V = 2, 5, 6
FD_STEP = 1e-6
FD_TOL = 1e-7

CASES = {
    "12_lstm_embedding_many_to_many": dict(kind="lstm", E=3, H=4, L=1, tied=False, seed=12),
    "13_gru2_embedding_tied_many_to_many": dict(kind="gru", E=4, H=4, L=2, tied=True, seed=13),
}


class Net(torch.nn.Module):
    def __init__(self, kind, E, H, L, tied):
        super().__init__()
        self.embedding = torch.nn.Embedding(V, E)
        cls = torch.nn.LSTM if kind == "lstm" else torch.nn.GRU
        self.rnn = cls(input_size=E, hidden_size=H, num_layers=L, batch_first=True)
        self.linear = torch.nn.Linear(H, V)
        if tied:
            self.linear.weight = self.embedding.weight

    def forward(self, x, state):
        out, state = self.rnn(self.embedding(x), state)
        return out, state, self.linear(out)


def loss_of(net, x, targets, state):
    _, _, logits = net(x, state)
    return F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1), reduction="sum")


def fd_check(net, x, targets, state, grads):
    """Central differences on every entry of every parameter and initial state; worst abs error."""
    worst = 0.0
    leaves = dict(net.named_parameters())
    leaves.update({"h0": state[0] if isinstance(state, tuple) else state})
    if isinstance(state, tuple):
        leaves["c0"] = state[1]
    with torch.no_grad():
        for name, p in leaves.items():
            flat = p.view(-1)
            g = grads[name].reshape(-1)
            for i in range(flat.numel()):
                old = flat[i].item()
                flat[i] = old + FD_STEP
                up = loss_of(net, x, targets, state).item()
                flat[i] = old - FD_STEP
                down = loss_of(net, x, targets, state).item()
                flat[i] = old
                err = abs((up - down) / (2 * FD_STEP) - g[i].item())
                assert err <= FD_TOL, f"{name}[{i}]: finite differences off by {err}"
                worst = max(worst, err)
    return worst


def description(name, c):
    cell = "nn.LSTM" if c["kind"] == "lstm" else "nn.GRU"
    tied = (" The head is TIED to the embedding: linear.weight IS embedding.weight (one tensor, "
            "Press & Wolf 2017), so parameters holds the same values under both names and "
            "gradients['embedding.weight'] is the sum of its two uses (the gather at the input and "
            "the head); there is no separate gradient of linear.weight." if c["tied"] else "")
    return (
        f"Token input through a learned embedding table: x holds token ids [B,T] (int64); "
        f"e_t = embedding.weight[x_t] (torch.nn.Embedding({V}, {c['E']}), rows are tokens); "
        f"{cell}(input_size={c['E']}, hidden_size={c['H']}, num_layers={c['L']}, batch_first=True) "
        f"reads e_t with the equations of the other {c['kind'].upper()} cases (gate order "
        f"{'i,f,g,o' if c['kind'] == 'lstm' else 'r,z,n'}); torch.nn.Linear({c['H']}, {V}) on the top "
        f"layer's h_t at every step; softmax cross-entropy summed over every step (reduction='sum')."
        f"{tied} Sizes: B={B}, T={T}, V={V}, E={c['E']}, H={c['H']}, num_layers={c['L']}. Seed: "
        f"torch.manual_seed({c['seed']}), then Net construction in float64 (embedding N(0,1), "
        f"recurrent and linear U(-1/sqrt(H),1/sqrt(H))), x = randint(0,V,(B,T)), "
        f"targets = randint(0,V,(B,T)), h0 = randn(L,B,H)"
        + (", c0 = randn(L,B,H)." if c["kind"] == "lstm" else ".")
        + " The initial states are NOT zero."
    )


def make_case(name, c):
    torch.manual_seed(c["seed"])
    net = Net(c["kind"], c["E"], c["H"], c["L"], c["tied"])
    x = torch.randint(0, V, (B, T))
    targets = torch.randint(0, V, (B, T))
    h0 = torch.randn(c["L"], B, c["H"], dtype=torch.float64, requires_grad=True)
    lstm = c["kind"] == "lstm"
    c0 = torch.randn(c["L"], B, c["H"], dtype=torch.float64, requires_grad=True) if lstm else None
    state = (h0, c0) if lstm else h0
    out, final, logits = net(x, state)
    per_item = F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1), reduction="none")
    loss = per_item.sum()
    loss.backward()
    grads = {n: p.grad.clone() for n, p in net.named_parameters()}  # tied: one entry, the sum
    grads["h0"] = h0.grad.clone()
    if lstm:
        grads["c0"] = c0.grad.clone()
    worst = fd_check(net, x, targets, state, grads)

    params = {k: mm.tensor(v, "state_dict entry " + k) for k, v in net.state_dict().items()}
    inputs = {"x": mm.tensor(x, "token ids [B,T]"),
              "targets": mm.tensor(targets, "class index per (b,t)"),
              "h0": mm.tensor(h0, "initial hidden state [L,B,H]")}
    if lstm:
        inputs["c0"] = mm.tensor(c0, "initial cell state [L,B,H]")
    h_n, c_n = final if lstm else (final, None)
    forward = {"h": mm.tensor(out, "top layer's h_t [B,T,H]"),
               "h_n": mm.tensor(h_n, "final hidden state [L,B,H]")}
    if lstm:
        forward["c_n"] = mm.tensor(c_n, "final cell state [L,B,H]")
    forward["logits"] = mm.tensor(logits, "z_t [B,T,V]")
    forward["probs"] = mm.tensor(torch.softmax(logits, -1), "softmax(z_t) [B,T,V]")
    forward["loss_per_item"] = mm.tensor(per_item.reshape(B, T, 1), "-log p_t[target] [B,T,1]")
    case = {
        "name": name,
        "description": description(name, c),
        "conventions": mm.CONVENTIONS.replace("x has shape [B, T, I] and x[b][t] is the input vector",
                                              "x (token ids) has shape [B, T] and x[b][t] is the token"),
        "config": {"model": c["kind"], "mode": "many-to-many", "num_layers": c["L"], "batch": B,
                   "seq_len": T, "vocab_size": V, "embedding_dim": c["E"], "tie_weights": c["tied"],
                   "hidden_size": c["H"], "output_size": V, "loss": "softmax cross-entropy, reduction=sum",
                   "seed": c["seed"], "dtype": "float64", "torch_version": torch.__version__,
                   "generator": GENERATOR},
        "parameters": params,
        "inputs": inputs,
        "forward": forward,
        "loss": float(loss),
        "gradients": {k: mm.tensor(v, "dL/d" + k) for k, v in grads.items()},
    }
    mm.write_json(name + ".json", case)
    print(f"{name}: loss {float(loss):.6f}, finite differences worst {worst:.2e}")
    return {"file": name + ".json", "loss": float(loss), "max_fd_abs_error": worst}


def main():
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    entries = [make_case(n, c) for n, c in CASES.items()]
    index = mm.json.load(open(os.path.join(HERE, "index.json"), encoding="utf-8"))
    ours = {e["file"] for e in entries}
    index["files"] = [e for e in index["files"] if e.get("file") not in ours] + entries
    mm.write_json("index.json", index)
    print(f"index.json: {len(index['files'])} files")


if __name__ == "__main__":
    main()
