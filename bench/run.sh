#!/bin/sh
# run.sh - every benchmark (bench/*.sh but this one), each printing ratios
# against a reference measured in the same run. Not part of `make test`.
# usage: sh bench/run.sh /path/to/storied [NAME...]
set -u
storied=${1:?storied binary}
shift
here=$(cd "$(dirname "$0")" && pwd)
export STORIED="$storied" BENCH_DIR="$here" TOP="$(cd "$here/.." && pwd)" LC_ALL=C
status=0
for b in "$here"/*.sh; do
	name=$(basename "$b" .sh)
	[ "$name" = run ] && continue
	if [ $# -gt 0 ]; then
		case " $* " in *" $name "*) ;; *) continue ;; esac
	fi
	echo "== bench: $name"
	sh "$b" || { echo "bench $name failed"; status=1; }
done
exit $status
