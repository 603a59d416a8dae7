#!/usr/bin/env bash
# Word-LM training speed on the King James Bible: spark-rnn in local mode against the PyTorch
# peer bench/peers/torch_wordlm.py, one after the other in one run, same model and recipe: the
# 10,000 most frequent words, nn.Embedding(10000, 256) -> LSTM 256 -> Linear(256, 10000)
# (untied, as the peer), window 35, batch 32, Adam 2e-3, clip 5.
#
#   bench/word-lm-speed.sh [--steps N] [--precision f64|f32|both] [--master M] [--heap SIZE]
#                          [--out DIR] [--set key=value]...
#
# The peer runs with 1 and 2 threads and its best is the reference. spark-rnn runs
# conf/word-lm-kjv.conf with model.tie_weights=false, N steps (default 150: a barrier run's
# second segment starts after ~17 steps, and its start, ~1.3 s of broadcasting the parameters
# and the optimizer state, comes once a minute in a long run; spread over 40 steps it made 11 of
# 18 points of the overhead), in barrier and in jobs mode, in a JVM limited to --heap (default
# 1536m, the issue's bound for the whole local[2] JVM). Tokens/s of spark-rnn are the tokens of the steps after the first 5 over their summed
# wall time (step_ms in its metrics.jsonl), of the peer over its N steps after 5 warm-up steps. Prints one table:
# tokens/s, the ratio to the best peer at the same precision, Spark's overhead share of a step
# and the JVM's peak heap as 'train' reports them (a run that does not fit in --heap says so);
# writes DIR/result.tsv.
set -euo pipefail

name=word-lm-speed
die() { echo "$name: $*" >&2; exit 1; }
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
steps=150 precision=both master="local[2]" heap=1536m out="$root/runs/word-lm-speed"
sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) steps="${2:?}"; shift 2 ;;
    --precision) precision="${2:?}"; shift 2 ;;
    --master) master="${2:?}"; shift 2 ;;
    --heap) heap="${2:?}"; shift 2 ;;
    --out) out="${2:?}"; shift 2 ;;
    --set) sets+=(--set "${2:?}"); shift 2 ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
case "$precision" in
  both) precisions=(f64 f32) ;;
  f64|f32) precisions=("$precision") ;;
  *) die "--precision: f64, f32 or both, got '$precision'" ;;
esac
[[ "$steps" =~ ^[0-9]+$ ]] && [ "$steps" -gt 5 ] || die "--steps: a number above 5, got '$steps'"
python="${SPARK_RNN_PYTHON:-/usr/bin/python3}"
"$python" -c 'import torch' 2>/dev/null \
  || die "$python has no torch: apt-get install python3-torch libopenblas0-pthread (see bench/peers/README.md)"
[ -e "$out" ] && die "--out: $out exists; remove it or name another directory"
mkdir -p "$out"

"$root/data/fetch-kjv.sh" >/dev/null
kjv="$root/data/fetched/kjv.txt"
printf 'side\tprecision\tmode\ttokens_per_s\toverhead\tpeak_heap\n' > "$out/result.tsv"

for p in "${precisions[@]}"; do
  for t in 1 2; do
    log="$out/peer-$p-$t.log"
    echo "$name: PyTorch $p, $t thread(s), $steps steps (log: $log)"
    OPENBLAS_NUM_THREADS=$t "$python" "$root/bench/peers/torch_wordlm.py" "$kjv" 10000 256 256 \
      "$steps" "$p" "$t" > "$log" 2>&1 || die "the peer failed; see $log"
    tps=$(sed -n 's/.* tok\/s \([0-9,]*\) .*/\1/p' "$log" | tr -d ,)
    [ -n "$tps" ] || die "no tok/s in $log"
    printf 'torch-%sthread\t%s\t-\t%s\t-\t-\n' "$t" "$p" "$tps" >> "$out/result.tsv"
  done
  for mode in barrier jobs; do
    run="$out/ours-$p-$mode"
    echo "$name: spark-rnn $p, $master, spark.sync=$mode, $steps steps (log: $run.log)"
    if ! JAVA_OPTS="-Xmx$heap ${JAVA_OPTS:-}" timeout 1200 "$root/jobs/spark-rnn" train \
      --master "$master" --config "$root/conf/word-lm-kjv.conf" --set data.path="$kjv" \
      --set model.tie_weights=false --set train.precision="$p" --set spark.sync="$mode" \
      --set train.steps="$steps" --set output.validate_every=0 --set output.checkpoint_every=0 \
      --set data.validation_fraction=0.005 "${sets[@]}" --output "$run" > "$run.log" 2>&1; then
      why="failed"
      grep -q OutOfMemoryError "$run.log" && why="out of memory at -Xmx$heap"
      echo "$name: spark-rnn $p $mode $why; see $run.log"
      printf 'spark-rnn\t%s\t%s\t0\t%s\t-\n' "$p" "$mode" "$why" >> "$out/result.tsv"
      continue
    fi
    tps=$("$python" - "$run/metrics.jsonl" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rows = [r for r in rows if r.get("step", -1) >= 5 and "tokens" in r]
# step_ms is each step's wall time (a barrier segment's start and end on its first step); the
# records of a segment are all written at its end, so their wall_time cannot time a step
print(round(sum(r["tokens"] for r in rows) / (sum(r["step_ms"] for r in rows) / 1000)))
EOF
)
    overhead=$(sed -n 's/^Spark overhead: \([0-9.]*%\).*/\1/p' "$run.log")
    peak=$(sed -n 's/^peak heap: \([0-9,]* MiB\).*/\1/p' "$run.log" | tr -d ,)
    printf 'spark-rnn\t%s\t%s\t%s\t%s\t%s\n' "$p" "$mode" "$tps" "${overhead:-?}" "${peak:-?}" \
      >> "$out/result.tsv"
  done
done

echo
"$python" - "$out/result.tsv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
best = {}
for r in rows:
    if r["side"].startswith("torch"):
        best[r["precision"]] = max(best.get(r["precision"], 0), int(r["tokens_per_s"]))
print(f"{'side':<16}{'prec':<6}{'mode':<9}{'tokens/s':>10}{'× best torch':>14}{'overhead':>10}{'peak heap':>12}")
for r in rows:
    if r["side"] != "spark-rnn" or int(r["tokens_per_s"]) > 0:
        ratio = int(r["tokens_per_s"]) / best[r["precision"]]
        print(f"{r['side']:<16}{r['precision']:<6}{r['mode']:<9}{int(r['tokens_per_s']):>10,}"
              f"{ratio:>14.2f}{r['overhead']:>10}{r['peak_heap']:>12}")
    else:
        print(f"{r['side']:<16}{r['precision']:<6}{r['mode']:<9}  {r['overhead']}")
EOF
