#!/usr/bin/env bash
# Fuzzes OrderParser.parse with libFuzzer (Fuzz/ package) for FUZZ_SECONDS (default 60).
#
#   scripts/fuzz.sh                   run on a scratch copy of Fuzz/corpus/order-parser
#   scripts/fuzz.sh --update-corpus   then merge inputs that add coverage back into the corpus
#
# Needs a Linux toolchain (-sanitize=fuzzer). A crash leaves its input and the scratch corpus in
# the directory printed at the end; reproduce with `<fuzzer binary> <crash file>`.
set -euo pipefail
cd "$(dirname "$0")/.."

update_corpus=0
for arg in "$@"; do
    case "$arg" in
        --update-corpus) update_corpus=1 ;;
        *) echo "usage: $0 [--update-corpus]" >&2; exit 2 ;;
    esac
done
seconds=${FUZZ_SECONDS:-60}
corpus=Fuzz/corpus/order-parser
# The oracle is one file kept in two places (fuzzer and property tests); they must not drift.
cmp Fuzz/Sources/OrderParserFuzz/OrderInvariants.swift Tests/PaylinkTests/Utils/OrderInvariants.swift

# `--sanitize=fuzzer` links libFuzzer's main; `-sanitize=fuzzer,address` in one flag instruments
# Swift code reliably (two separate --sanitize flags sometimes drop one, see TOOLCHAIN-NOTES.md).
build=(swift build --package-path Fuzz -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address)
"${build[@]}" --product OrderParserFuzz
fuzzer="$("${build[@]}" --show-bin-path)/OrderParserFuzz"

work=$(mktemp -d /tmp/paylink-fuzz.XXXXXX)
cp -R "$corpus" "$work/corpus"
# The Swift backtracer can hang on a crash with the output still open; libFuzzer reports instead.
export SWIFT_BACKTRACE=enable=no
# -max_len above OrderParser.maxElementBytes (16 KiB) so the size limit itself is exercised.
status=0
"$fuzzer" -max_total_time="$seconds" -max_len=17408 -timeout=10 -print_final_stats=1 \
    -dict=Fuzz/order-parser.dict -artifact_prefix="$work/" "$work/corpus" || status=$?
if [ "$status" -ne 0 ]; then
    echo "fuzz.sh: fuzzer failed (exit $status); crash input and scratch corpus kept in $work" >&2
    exit "$status"
fi
if [ "$update_corpus" -eq 1 ]; then
    # Keeps only the scratch inputs that reach new edges; -use_counters=0 ignores hit-count
    # buckets, which would otherwise keep about ten times as many files for little gain.
    "$fuzzer" -merge=1 -use_counters=0 -max_len=17408 "$corpus" "$work/corpus"
    echo "fuzz.sh: $corpus now holds $(ls "$corpus" | wc -l) inputs"
fi
rm -rf "$work"
