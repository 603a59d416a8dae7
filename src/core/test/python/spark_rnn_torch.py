import json
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPES = {"F64": torch.float64, "F32": torch.float32, "I64": torch.int64}


def read_safetensors(path):
    """The tensors of a safetensors file by name, and its __metadata__."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=DTYPES[e["dtype"]])
        tensors[name] = t.reshape(e["shape"])
    return tensors, meta


def write_safetensors(path, tensors, meta=None):
    """Writes {name: tensor} (F64, F32 or I64) and an optional {str: str} metadata map."""
    names = {v: k for k, v in DTYPES.items()}
    header, blobs, offset = {"__metadata__": meta} if meta else {}, [], 0
    for name, t in tensors.items():
        b = t.detach().contiguous().numpy().tobytes()  # little-endian hosts (x86, ARM)
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


class Net(nn.Module):
    """[embedding (nn.Embedding)] + rnn (nn.RNN, nn.LSTM or nn.GRU; batch_first=False) + linear,
    sized by an export's metadata; with torch.tie_weights the head's weight is the embedding's,
    with torch.bidirectional the rnn reads both ways and the head 2H features."""

    def __init__(self, meta):
        super().__init__()
        cell = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}[meta["torch.module"]]
        extra = {"nonlinearity": meta["torch.nonlinearity"]} if cell is nn.RNN else {}
        hidden = int(meta["torch.hidden_size"])
        both = meta.get("torch.bidirectional") == "true"
        self.rnn = cell(int(meta["torch.input_size"]), hidden, int(meta["torch.num_layers"]),
                        bidirectional=both, **extra)
        self.linear = nn.Linear(hidden * (2 if both else 1), int(meta["torch.output_size"]))
        self.one_hot = int(meta.get("torch.one_hot", "0"))  # vocabulary size of a one-hot model
        self.embedding = None
        if int(meta.get("torch.embedding_dim", "0")):
            self.embedding = nn.Embedding(int(meta["torch.num_embeddings"]), int(meta["torch.embedding_dim"]))
            if meta.get("torch.tie_weights") == "true":
                self.linear.weight = self.embedding.weight

    def forward(self, x, state=None, lengths=None):
        """x: [T, B, input_size] features, or [T, B] token ids (int64) for a token model;
        lengths: each sequence's length when they differ (padding is then ignored).
        Returns the logits [T, B, O], the top layer's h_t [T, B, H or 2H] and the final state."""
        if self.embedding is not None:
            x = self.embedding(x)
        elif self.one_hot:
            x = F.one_hot(x, self.one_hot).to(self.linear.weight.dtype)
        if lengths is None:
            h, state = self.rnn(x, state)
        else:
            packed = nn.utils.rnn.pack_padded_sequence(x, torch.as_tensor(lengths), enforce_sorted=False)
            h, state = self.rnn(packed, state)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, total_length=x.shape[0])
        return self.linear(h), h, state

    def last(self, h, lengths=None):
        """A many-to-one model's logits [B, O] from forward's h: each sequence's last step; the
        backward half of a bidirectional h from step 0, where that direction ends."""
        T, B, W = h.shape
        ends = torch.full((B,), T - 1) if lengths is None else torch.as_tensor(lengths) - 1
        feature = h[ends, torch.arange(B)]
        if self.rnn.bidirectional:
            feature = torch.cat([feature[:, :W // 2], h[0, :, W // 2:]], dim=1)
        return self.linear(feature)


def load(path):
    """The module of a `spark-rnn export --format pytorch` file, in the file's dtype, and its metadata."""
    tensors, meta = read_safetensors(path)
    net = Net(meta).to(tensors["linear.weight"].dtype)
    net.load_state_dict(tensors)  # strict: every key and shape must match
    return net.eval(), meta
