#!/usr/bin/env bash
# Time to quality on the King James Bible: spark-rnn (local mode, all cores) against the PyTorch
# peer bench/peers/torch_charlm_kjv.py (one thread, its best setting on these machines), one
# after the other in one run, both trained on the same text and scored by the same code on the
# same held-out text.
#
#   bench/time-to-quality.sh [--minutes M] [--peer-minutes P] [--config FILE] [--out DIR]
#                            [--set key=value]...
#
# 1. data/fetch-kjv.sh; the last 5% of the lines (the end of Revelation) become DIR/valid.txt,
#    the rest DIR/train.txt.
# 2. The peer trains P minutes (default 10) on train.txt and saves its model about every 30 s.
# 3. spark-rnn trains M minutes (default 10) with FILE (default conf/char-lm-kjv.conf) and the
#    --set overrides, a checkpoint every output.checkpoint_every steps, and is stopped at M.
# 4. Every saved model of both is scored by 'jobs/spark-rnn evaluate' on valid.txt: the held-out
#    text as the run's data.streams contiguous streams with the state carried (the protocol of
#    published bits-per-character numbers). The peer's models come in through 'spark-rnn import'
#    with spark-rnn's vocabulary (the script checks that both have the same characters in the
#    same order).
# Times are seconds from the launch of each process to the moment its model file was complete,
# so they include start-up (the JVM and Spark; Python and torch) and reading the data.
# Prints one table, writes DIR/curve.tsv (side, seconds, nats/char, bits/char), DIR/report.md
# and DIR/curve.png (both curves against wall time, drawn by 'spark-rnn report --curves').
set -euo pipefail

name=time-to-quality
die() { echo "$name: $*" >&2; exit 1; }
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
minutes=10 peer_minutes=10 config="$root/conf/char-lm-kjv.conf" out="$root/runs/time-to-quality"
sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="${2:?}"; shift 2 ;;
    --peer-minutes) peer_minutes="${2:?}"; shift 2 ;;
    --config) config="${2:?}"; shift 2 ;;
    --out) out="${2:?}"; shift 2 ;;
    --set) sets+=(--set "${2:?}"); shift 2 ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
python="${SPARK_RNN_PYTHON:-/usr/bin/python3}"
"$python" -c 'import torch' 2>/dev/null \
  || die "$python has no torch: apt-get install python3-torch libopenblas0-pthread (see bench/peers/README.md)"
[ -f "$config" ] || die "--config: no file $config"
spark_rnn="$root/jobs/spark-rnn"

"$root/data/fetch-kjv.sh" >/dev/null
kjv="$root/data/fetched/kjv.txt"
[ -e "$out" ] && die "--out: $out exists; remove it or name another directory"
mkdir -p "$out"
lines=$(wc -l < "$kjv")
held=$(( lines / 20 ))
head -n $(( lines - held )) "$kjv" > "$out/train.txt"
tail -n "$held" "$kjv" > "$out/valid.txt"
echo "$name: $(wc -c < "$out/train.txt") bytes to train on, $(wc -c < "$out/valid.txt") held out ($held lines)"

launched() { date +%s.%N; }
mtime() { stat -c %.Y "$1"; }

echo "$name: the peer trains for $peer_minutes min (log: $out/peer.log)"
peer_start=$(launched)
OPENBLAS_NUM_THREADS=1 "$python" "$root/bench/peers/torch_charlm_kjv.py" "$out/train.txt" 1 \
  "$peer_minutes" 256 --valid "$out/valid.txt" --save "$out/peer" > "$out/peer.log" 2>&1 \
  || die "the peer failed; see $out/peer.log"
tail -n 1 "$out/peer.log"

echo "$name: spark-rnn trains for $minutes min (log: $out/ours.log)"
ours_start=$(launched)
set +e
timeout --signal=TERM --kill-after=30 "$(( minutes * 60 ))" "$spark_rnn" train --config "$config" \
  --set data.path="$out/train.txt" --set data.validation_path="$out/valid.txt" \
  --set output.validate_every=0 --set output.keep_checkpoints=100000 --set train.steps=100000000 \
  --set train.epochs=1000 "${sets[@]}" --quiet --output "$out/ours" > "$out/ours.log" 2>&1
rc=$?
set -e
[ "$rc" -eq 124 ] || [ "$rc" -eq 0 ] || die "spark-rnn train failed (exit $rc); see $out/ours.log"
ls "$out/ours/checkpoints" >/dev/null 2>&1 || die "spark-rnn wrote no checkpoint in $minutes min"

first=$(ls -d "$out"/ours/checkpoints/step-* | head -n 1)
"$python" - "$first/model.json" "$out/peer/peer-vocab.json" <<'EOF' || die "the two vocabularies differ"
import json, sys
model, peer = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ours = list(model["provenance"]["data.vocab.chars"])  # one string, the characters in id order
if ours != peer:
    sys.exit(f"spark-rnn: {ours!r}\npeer:      {peer!r}")
EOF

score() { # model dir → nats/char
  "$spark_rnn" evaluate --model "$1" --data "$out/valid.txt" --master 'local[*]' --json 2>>"$out/evaluate.log" \
    | "$python" -c 'import json,sys; print(json.load(sys.stdin)["loss"])'
}
printf 'side\tseconds\tnats_per_char\tbits_per_char\n' > "$out/curve.tsv"
row() { # side seconds nats
  printf '%s\t%.0f\t%.4f\t%.4f\n' "$1" "$2" "$3" "$(echo "$3 / l(2)" | bc -l)" | tee -a "$out/curve.tsv"
}
echo "$name: scoring every saved model on valid.txt"
for f in "$out"/peer/peer-*.safetensors; do
  dir="$out/peer-models/$(basename "$f" .safetensors)"
  "$spark_rnn" import --input "$f" --output "$dir" --data-from "$first" >>"$out/evaluate.log" 2>&1 \
    || die "import of $f failed; see $out/evaluate.log"
  row peer "$(echo "$(mtime "$f") - $peer_start" | bc -l)" "$(score "$dir")"
done
for d in "$out"/ours/checkpoints/step-*; do
  row spark-rnn "$(echo "$(mtime "$d") - $ours_start" | bc -l)" "$(score "$d")"
done
"$python" "$root/bench/quality_report.py" "$out/curve.tsv" > "$out/report.md"
"$spark_rnn" report --curves "$out/curve.tsv" --output "$out/curve.png" >/dev/null
cat "$out/report.md"
echo "$name: the chart is $out/curve.png"
