#!/usr/bin/env bash
# A newcomer's install: netbrake without any extra, in a fresh venv, runs unattended.
#   scripts/core_install.sh     build .venv-core (gitignored) from this checkout, then check
# Installs `uv pip install -c constraints.txt .` (no extras; .venv's uv, the configured index),
# then, in a temporary folder: `netbrake demo --no-serve`, a guard search from the policy alone,
# the DSA and signals exports of the demo's results, and that the STIX and CyberTipline
# exports (the `exchange` extra) stop with exit 2 and one line naming the extra.
# Exits non-zero naming the first check that failed. scripts/test.sh runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never

UV=.venv/bin/uv
CORE=.venv-core
say() { echo "core_install.sh: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

[ -x "$UV" ] || fail "$UV is missing: run 'make setup' first"
rm -rf "$CORE"
"$UV" venv -q --python .venv/bin/python "$CORE"
"$UV" pip install -q --python "$CORE/bin/python" -c constraints.txt .
PY=$PWD/$CORE/bin/python
NB=$PWD/$CORE/bin/netbrake

# The install really is without extras: none of their modules can be imported.
for module in stix2 threatexchange xmlschema pyspark psycopg vpdq; do
  if "$PY" -c "import $module" 2>/dev/null; then
    fail "the core install has '$module', which only an extra should bring"
  fi
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/netbrake-core.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export NETBRAKE_HOME=$WORK/home
unset NETBRAKE_DB NETBRAKE_SECRET

# run NAME EXPECTED_EXIT COMMAND...: stdout to NAME.out, stderr to NAME.err
run() {
  local name=$1 expected=$2 code=0
  shift 2
  "$@" >"$name.out" 2>"$name.err" || code=$?
  if [ "$code" != "$expected" ] || grep -q Traceback "$name.err"; then
    cat "$name.err" >&2
    fail "$name: '$*' exited $code (expected $expected)"
  fi
}

run version 0 "$NB" --version
grep -qx "netbrake [0-9][0-9.]*" version.out || fail "--version printed: $(cat version.out)"

run demo 0 "$NB" demo --no-serve --out demo
[ -s demo/report.html ] || fail "demo: no report.html"

# Which action the lexicon takes is the policy's business; here: a decision, from the policy.
run search 0 "$NB" guard search "book seller"
"$PY" - search.out <<'EOF' || fail "guard search: $(cat search.out)"
import json, sys
decision = json.load(open(sys.argv[1]))
assert decision["action"] in {"allow", "downrank", "no_promote", "interstitial", "block", "drop"}
assert decision["decided_by"] and decision["policy_version"], decision
assert decision["state"] == "policy-only", decision
EOF

run dsa 0 "$NB" --json export dsa demo/results --out exports
ls exports/dsa/statements-*.json >/dev/null 2>&1 || fail "export dsa wrote no statements"
run signals 0 "$NB" export signals demo/results --out exports --json

for kind in stix cybertip; do
  run "$kind" 2 "$NB" export "$kind" demo/results --out exports
  expected="netbrake: error: netbrake export $kind: needs the 'exchange' extra: pip install 'netbrake[exchange]'"
  [ "$(cat "$kind.err")" = "$expected" ] || fail "export $kind said: $(cat "$kind.err")"
done

say "ok: demo, guard search, export dsa and signals on a core install; stix and cybertip name their extra"
