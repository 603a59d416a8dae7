#!/usr/bin/env bash
# Fetches the King James Bible (public domain) as plain text, one verse per line:
#   data/fetched/kjv.txt   ~4.1 MB, 31,102 lines, 63 distinct characters (ASCII)
#
# Source: Debian's packages bible-kjv-text (the text, in a compressed format of its own) and
# bible-kjv (its decoder, the 'bible' program). Both are downloaded with 'apt-get download' and
# unpacked with 'dpkg -x' into a temporary directory; nothing is installed and no root is needed.
# The decoder runs from there (it needs only libc6 and libreadline8) and the verse references
# ("Ge1:1 ") are stripped.
#
#   data/fetch-kjv.sh [--force]     (from any directory; does nothing when the file is there)
set -euo pipefail

name=fetch-kjv
die() { echo "$name: $*" >&2; exit 1; }

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
out_dir="$here/fetched"
out="$out_dir/kjv.txt"

case "${1:-}" in
  "") force=0 ;;
  --force) force=1 ;;
  *) die "usage: $0 [--force]" ;;
esac

for tool in apt-get dpkg sed mktemp; do
  command -v "$tool" >/dev/null 2>&1 \
    || die "needs '$tool' (a Debian/Ubuntu system with apt), which is not on PATH"
done

if [[ -s "$out" && $force == 0 ]]; then
  echo "$name: $out is already there ($(wc -c <"$out") bytes, $(wc -l <"$out") lines); --force fetches it again"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # so apt's sandbox user may write the .deb files here
cd "$work"

if ! apt-get download bible-kjv-text bible-kjv >apt.log 2>&1; then
  die "'apt-get download bible-kjv-text bible-kjv' failed: $(grep -m1 '^E:' apt.log || tail -n1 apt.log) (are the package lists there? 'apt-get update' fetches them)"
fi
for deb in bible-kjv-text_*_all.deb bible-kjv_*.deb; do
  [[ -f "$deb" ]] || die "apt-get download gave no $deb"
  dpkg -x "$deb" x || die "dpkg -x $deb failed"
done
[[ -x x/usr/bin/bible && -f x/usr/lib/bible.data ]] \
  || die "the packages do not hold usr/bin/bible and usr/lib/bible.data as expected"

# -f: no pretty-printing, one verse per line "Ge1:1 In the beginning ..."; -p: where the data is
if ! x/usr/bin/bible -f -p "$work/x/usr/lib" Gen1:1-Rev22:21 >verses.txt 2>bible.log; then
  die "the decoder x/usr/bin/bible failed: $(head -n1 bible.log)"
fi
sed 's/^[^ ]* //' verses.txt >kjv.txt
lines=$(wc -l <kjv.txt)
[[ $lines -gt 30000 ]] || die "the decoder gave only $lines verses (expected 31,102)"

mkdir -p "$out_dir"
cp kjv.txt "$out_dir/.kjv.txt.tmp"
mv -f "$out_dir/.kjv.txt.tmp" "$out"
echo "$name: wrote $out ($(wc -c <"$out") bytes, $lines lines)"
