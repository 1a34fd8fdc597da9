#!/usr/bin/env bash
# Records what a build of casebook prints for a fixed set of inputs, so that a change meant to keep behaviour
# (a refactor) can be checked byte for byte against the build before it:
#
#   Benchmarks/behaviour-snapshot.sh OLD_BINARY /tmp/before [LOG]
#   Benchmarks/behaviour-snapshot.sh NEW_BINARY /tmp/after  [LOG]
#   diff -r /tmp/before /tmp/after && echo same
#
# Inputs: every fixture the tests use and the samples, sanitized under the test key (stdout, stderr, exit code,
# the --report JSON); each evidence input added to an incident and shown as JSON; an incident corpus imported and
# exported; and, when LOG is given (a `casebook-bench generate` log), that log sanitized (its SHA-256 only).
# Today's timestamps (the times commands ran) are replaced by a placeholder; everything else is compared as is.
set -euo pipefail

binary=$(realpath "$1")
out=$2
log=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
key="$root/Tests/CLITests/Fixtures/sanitize/test.key"
today=$(date -u +%Y-%m-%d)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out/sanitize" "$out/evidence"

# Replaces the times of this run (recorded_at, created_at, timeline entries) with a placeholder.
normalize() { sed -E "s/${today}T[0-9:.]+Z/<now>/g; s/${today} [0-9:]+/<now>/g"; }

inputs=(
    "$root"/samples/*
    "$root"/Tests/CLITests/Fixtures/sanitize/*.input
    "$root"/Tests/CLITests/Fixtures/evidence/*
    "$root"/Tests/EvidenceTests/Fixtures/*
    "$root"/Tests/SanitizerTests/Fixtures/formats/*
)
for input in "${inputs[@]}"; do
    name=$(basename "$(dirname "$input")")-$(basename "$input")
    set +e
    "$binary" sanitize --key-file "$key" --report "$work/report.json" "$input" >"$out/sanitize/$name.out" \
        2>"$out/sanitize/$name.err"
    echo $? >"$out/sanitize/$name.code"
    set -e
    [ -f "$work/report.json" ] && mv "$work/report.json" "$out/sanitize/$name.report.json"
done

# Evidence: each input becomes a pack of its own incident, shown as JSON and as text.
db="$work/kb/casebook.sqlite"
mkdir -p "$work/kb"
cp "$key" "$work/kb/casebook.key"
for input in "${inputs[@]}"; do
    name=$(basename "$(dirname "$input")")-$(basename "$input")
    reference=$("$binary" new "Evidence from $name" --service checkout-api --started 2026-06-19T09:12:00Z \
        --detected 2026-06-19T09:20:00Z --db "$db")
    set +e
    "$binary" evidence add "$reference" "$input" --json --db "$db" >"$work/add.out" 2>"$work/add.err"
    echo $? >"$out/evidence/$name.code"
    set -e
    normalize <"$work/add.out" >"$out/evidence/$name.add"
    normalize <"$work/add.err" >"$out/evidence/$name.add-err"
    "$binary" show "$reference" --json --db "$db" | normalize >"$out/evidence/$name.show.json"
    "$binary" show "$reference" --db "$db" | normalize >"$out/evidence/$name.show.txt"
done
"$binary" cause INC-0001 "The pool shrank" --bucket upstream --mismatch scale --at 2026-06-19T09:41:00Z --db "$db"
"$binary" fix INC-0001 "Raise the pool size" --kind mitigation --at 2026-06-19T09:55:00Z --db "$db"
"$binary" action INC-0001 "Alert on p99" --owner payments --due 2026-07-01 --db "$db" >/dev/null
"$binary" resolve INC-0001 --at 2026-06-19T10:30:00Z --db "$db"
"$binary" show INC-0001 --json --db "$db" | normalize >"$out/incident-life.json"
"$binary" postmortem INC-0001 --db "$db" | normalize >"$out/postmortem.md"
"$binary" stats --json --db "$db" | normalize >"$out/stats.json"
"$binary" list --all --json --db "$db" | normalize >"$out/list.json"
"$binary" search timeout --json --db "$db" | normalize >"$out/search.json"

# Import and export of a corpus (the bench's generator, beside the binary, when there is one).
bench="$(dirname "$binary")/casebook-bench"
if [ -x "$bench" ]; then
    "$bench" incidents --count 3000 --out "$work/corpus.jsonl" >/dev/null
    mkdir -p "$work/imported"
    cp "$key" "$work/imported/casebook.key"
    "$binary" import "$work/corpus.jsonl" --db "$work/imported/casebook.sqlite" >"$out/import.txt"
    "$binary" export --db "$work/imported/casebook.sqlite" | normalize | sha256sum >"$out/export.sha256"
    "$binary" show INC-000042 --json --db "$work/imported/casebook.sqlite" | normalize >"$out/imported-0042.json"
    "$binary" stats --json --db "$work/imported/casebook.sqlite" | normalize >"$out/imported-stats.json"
fi

if [ -n "$log" ]; then
    "$binary" sanitize --key-file "$key" "$log" | sha256sum >"$out/log.sha256"
fi
echo "snapshot of $binary in $out"
