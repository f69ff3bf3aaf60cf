#!/usr/bin/env bash
# Re-export the real-world repositories at their pinned commits and run the checker on them.
#
#   bench/realworld/run.sh [MIRRORS] [WORKDIR]
#
# MIRRORS  folder holding one git mirror per repository as MIRRORS/<owner>+<name>/repo
#          (what the session `fetch` tool leaves in /work/.mirror); default /work/.mirror
# WORKDIR  where the exports (WORKDIR/<owner>+<name>/) and the JSON reports
#          (WORKDIR/out/<owner>+<name>.{default,special}.json) go; default /tmp/rw
#
# The checker command is $NEVERAGAIN (default: `neveragain` on PATH). To measure a pinned
# commit of the checker rather than the working tree:
#   git -C /work/main archive <rev> | tar -x -C /tmp/nevhead
#   NEVERAGAIN="env PYTHONPATH=/tmp/nevhead/src python -m flake8_neveragain" bench/realworld/run.sh
#
# Prints, per repository: files exported, findings with default codes (and how many of them
# are NEV101-103), findings with --extend-select NEV104,NEV105,NEV106, and seconds taken.
# Only *.py and *.sql files are exported. Labels for the default findings are in repos.tsv.
set -euo pipefail

MIRRORS=${1:-/work/.mirror}
WORKDIR=${2:-/tmp/rw}
NEVERAGAIN=${NEVERAGAIN:-neveragain}
HERE=$(cd "$(dirname "$0")" && pwd)

# owner+name  commit  folders to export ('.' = whole repository)
REPOS='
ohcnetwork+care                   69c2b831457ba1e47b68ada0eae9582d3c32b865 care
codeforamerica+intake             8755e64c13e2b6f9bef9bbee47011253f20e7e0d .
OCA+partner-contact               52f198ab12b96cafe7cc6af1969db5b413338206 .
prianthon+sidj                    2c0639e6f96139010a81d1c651ed88763d2c81da sidproject
crs4+most-demographics            60e9c1e4031e20581c6e11423c0eee96e2babc4b .
chop-dbhi+data-models-sqlalchemy  db19ea858ec08770f4bad2e05d3efb421605c096 .
mitodl+mitxonline                 b3c9730edd606719f624086f2e8fab3223356f94 .
CLSPhila+RecordLib                9ce6265ca43a584184c6684093ad485240393bca .
MissionBit+MB_Portal              03b1be8d5839b7b5644e31eefbd9b3f7858e73b0 .
davidmcclure+norton               4cdbd4a6c02523b79073b69785291daeddf8c561 .
theOehrly+Fast-F1                 b1c23c29aa770400e4702d7112e281f514cdf065 .
evennia+evennia                   e174e49f5711a6cdc607d262a9464fd9c3673b7b .
healthchecks+healthchecks         29b5ec251059034b79e0120e2ff0c3e35d7bd9f8 .
PokeAPI+pokeapi                   bbef3d99ddfa8277f726414c89b471267aef8a8e .
ckan+ckan                         2dbe2c18f65ec75798c3667dd412c2320ac44ab0 .
shuup+shuup                       25f78cfe370109b9885b903e503faac295c7b7f2 .
SRJ9+django-driver27              3fd32005a89112fe9f94281b33a497d4ab1ebb55 .
open5e+open5e-api                 7d44bb0ef62dfe3354c5b293faff62e3d215bcf8 .
DanielPHenricks+F1Grid            4d4eefc21cbb8487ded31ba1f86d8f1de53ef3a6 .
DemocracyClub+EveryElection       c42e0be7d2625a50e292a539e8f8de1ebb505953 .
newsdev+elex                      cf512d98858204be98d84b6d592ab741e387a110 .
'

mkdir -p "$WORKDIR/out"
printf '%-34s %6s %8s %8s %8s %6s\n' repo files default NEV1xx +special secs
echo "$REPOS" | while read -r repo commit folders; do
    [ -z "$repo" ] && continue
    gitdir="$MIRRORS/$repo/repo"
    [ -d "$gitdir/.git" ] && gitdir="$gitdir/.git"
    if ! git --git-dir "$gitdir" cat-file -e "$commit^{commit}" 2>/dev/null; then
        printf '%-34s missing mirror or commit\n' "$repo"
        continue
    fi
    dest="$WORKDIR/$repo"
    rm -rf "$dest" && mkdir -p "$dest"
    # shellcheck disable=SC2086
    python3 "$HERE/export.py" "$gitdir" "$commit" "$dest" $folders
    files=$(find "$dest" -type f | wc -l)
    start=$(date +%s)
    (cd "$WORKDIR" && $NEVERAGAIN check --isolated --no-baseline --format json "$repo" \
        > "out/$repo.default.json") || true
    (cd "$WORKDIR" && $NEVERAGAIN check --isolated --no-baseline --format json \
        --extend-select NEV104,NEV105,NEV106 "$repo" > "out/$repo.special.json") || true
    secs=$(( $(date +%s) - start ))
    counts=$(python3 - "$WORKDIR/out/$repo.default.json" "$WORKDIR/out/$repo.special.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))["findings"]
s = json.load(open(sys.argv[2]))["findings"]
core = sum(f["code"] in ("NEV101", "NEV102", "NEV103") for f in d)
print(len(d), core, len(s) - len(d))
EOF
)
    read -r ndef ncore nspec <<<"$counts"
    printf '%-34s %6s %8s %8s %8s %6s\n' "$repo" "$files" "$ndef" "$ncore" "$nspec" "$secs"
done
