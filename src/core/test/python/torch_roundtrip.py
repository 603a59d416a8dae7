"""PyTorch side of the spark-rnn export/import tests (src/test/java/org/sparkrnn/io/TorchInteropTest).

  torch_roundtrip.py forward CASES.json   for each {"model", "input", "output"}: load the exported
                                          model with spark_rnn_torch.load (the README's code), run it
                                          on the input and write its logits and top-layer h_t
  torch_roundtrip.py init CASES.json      for each case: build the module with torch's own
                                          initialisation from a seed, save its state dict, a batch,
                                          and the loss and every gradient torch computes on it

All computation in float64, one thread. Files are safetensors, read and written by spark_rnn_torch.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spark_rnn_torch as srt  # noqa: E402


def forward(case):
    net, meta = srt.load(case["model"])
    if net.linear.weight.dtype != torch.float64:
        raise SystemExit(case["model"] + ": expected F64 tensors")
    inputs, _ = srt.read_safetensors(case["input"])
    x = inputs["tokens"] if "tokens" in inputs else inputs["x"]
    with torch.no_grad():
        logits, hidden, _ = net(x)
        last = net.last(hidden)
    srt.write_safetensors(case["output"], {"logits": logits, "hidden": hidden, "last": last})


def loss_of(z, y, loss):
    if loss == "cross_entropy":
        return F.cross_entropy(z.reshape(-1, z.shape[-1]), y.reshape(-1), reduction="sum")
    if loss == "mse":
        return ((z - y) ** 2).sum()
    if loss == "bce":
        return F.binary_cross_entropy_with_logits(z, y, reduction="sum")
    raise SystemExit("unknown loss " + loss)


def init(case):
    torch.manual_seed(case["seed"])
    vocab, width, emb = case["one_hot"], case["input"], case.get("embedding", 0)
    meta = {"torch.module": case["module"], "torch.input_size": str(emb or vocab or width),
            "torch.hidden_size": str(case["hidden"]), "torch.num_layers": str(case["layers"]),
            "torch.output_size": str(case["output"]), "torch.one_hot": str(0 if emb else vocab)}
    if emb:
        meta.update({"torch.num_embeddings": str(vocab), "torch.embedding_dim": str(emb),
                     "torch.tie_weights": "true" if case.get("tied") else "false"})
    if case["module"] == "RNN":
        meta["torch.nonlinearity"] = case["nonlinearity"]
    if case.get("bidirectional"):
        meta["torch.bidirectional"] = "true"
    net = srt.Net(meta)  # torch's default initialisation, float32
    if case["dtype"] == "F64":
        # full float64 values, so that an importer rounding to float32 would show
        net = net.double()
        with torch.no_grad():
            for p in net.parameters():
                p.add_(1e-3 * torch.randn(p.shape, dtype=torch.float64))
    state = {k: v.clone() for k, v in net.state_dict().items()}
    net = net.double()  # F32 values widen exactly
    T, B, O = case["steps"], case["batch"], case["output"]
    many = case["mode"] == "many-to-many"
    batch = {}
    if vocab:
        x = torch.randint(vocab, (T, B))
        batch["tokens"] = x
    else:
        x = torch.randn(T, B, width, dtype=torch.float64)
        batch["x"] = x
    shape = (T, B) if many else (B,)
    if case["loss"] == "cross_entropy":
        y = torch.randint(O, shape)
    else:
        y = torch.rand(shape + (O,), dtype=torch.float64)
    batch["targets"] = y
    logits, hidden, _ = net(x)
    z = logits if many else net.last(hidden)
    loss = loss_of(z, y, case["loss"])
    loss.backward()
    if case["metadata"]:
        out_fn = {"cross_entropy": "softmax", "mse": "identity", "bce": "sigmoid"}[case["loss"]]
        meta.update({"model.output_function": out_fn, "model.loss": case["loss"],
                     "model.mode": case["mode"]})
    srt.write_safetensors(case["model_out"], state, meta if case["metadata"] else None)
    srt.write_safetensors(case["batch_out"], batch)
    result = {"loss": loss.detach().reshape(1), "logits": z.detach()}
    for name in net.state_dict():  # a tied tensor under each of its names
        result["grad." + name] = net.get_parameter(name).grad
    srt.write_safetensors(case["result_out"], result)


def main():
    torch.set_num_threads(1)
    command, cases = sys.argv[1], json.load(open(sys.argv[2]))
    run = {"forward": forward, "init": init}[command]
    for case in cases:
        run(case)
    print("torch %s: %s %d cases" % (torch.__version__, command, len(cases)))


if __name__ == "__main__":
    main()
