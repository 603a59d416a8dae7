"""The markdown report of bench/time-to-quality.sh from its curve.tsv (side, seconds, nats, bits).

    python3 bench/quality_report.py DIR/curve.tsv > DIR/report.md

Both curves side by side on a 30-second grid (each side's best model saved by then), then the
numbers the time-to-quality goal is stated in: the peer's final validation loss, when spark-rnn
first reached it, and spark-rnn's final loss.
"""
import csv
import math
import sys


def main():
    rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
    curves = {}
    for r in rows:
        curves.setdefault(r["side"], []).append((float(r["seconds"]), float(r["nats_per_char"])))
    for c in curves.values():
        c.sort()
    peer, ours = curves.get("peer", []), curves.get("spark-rnn", [])
    if not peer or not ours:
        sys.exit("curve.tsv needs rows of both sides (peer, spark-rnn)")

    def at(curve, t):
        seen = [n for s, n in curve if s <= t]
        return min(seen) if seen else None

    def cell(v):
        return "–" if v is None else f"{v:.3f} ({v / math.log(2):.3f})"

    end = max(peer[-1][0], ours[-1][0])
    print("| seconds | PyTorch peer, nats/char (bits) | spark-rnn, nats/char (bits) |")
    print("|---:|---:|---:|")
    t = 30
    while t < end + 30:
        print(f"| {t} | {cell(at(peer, t))} | {cell(at(ours, t))} |")
        t += 30
    target = peer[-1][1]
    reached = next((s for s, n in ours if n <= target), None)
    print()
    print(f"- peer: final model at {peer[-1][0]:.0f} s, validation {cell(target)}")
    print(f"- spark-rnn: final model at {ours[-1][0]:.0f} s, validation {cell(ours[-1][1])}")
    if reached is None:
        print("- spark-rnn did not reach the peer's final validation loss")
    else:
        print(f"- spark-rnn reached the peer's final validation loss at {reached:.0f} s "
              f"({reached / peer[-1][0]:.2f}× the peer's time)")


if __name__ == "__main__":
    main()
