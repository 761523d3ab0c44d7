#!/usr/bin/env bash
# The whole test suite: lint, types, then pytest with the services it needs.
# Services are installed from Debian's packages and started here, never by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

$BIN/ruff check src tests benchmarks
$BIN/ruff format --check src tests benchmarks
$BIN/mypy

set +e
$BIN/pytest "$@"
status=$?
set -e
# pytest exits 5 when it collected no tests: that is a failure here too.
exit $status
