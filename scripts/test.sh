#!/usr/bin/env bash
# The whole test suite: lint, types, pytest with the services it needs, then the core install.
# Services are installed from Debian's packages and started here, never by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

$BIN/ruff check src tests benchmarks
$BIN/ruff format --check src tests benchmarks
$BIN/mypy

# PostgreSQL for the store tests (tests/store, marker `postgres`): a server on
# loopback from scripts/postgres.sh, stopped on exit even when tests fail. A
# server already running (another run's) is reused and left running.
if [ -z "${NETBRAKE_TEST_PG_URL:-}" ]; then
  if bash scripts/postgres.sh status; then
    NETBRAKE_TEST_PG_URL=$(bash scripts/postgres.sh url)
  elif NETBRAKE_TEST_PG_URL=$(bash scripts/postgres.sh start); then
    trap 'bash scripts/postgres.sh stop' EXIT
  else
    NETBRAKE_TEST_PG_URL=""
    echo "test.sh: PostgreSQL could not be started: PostgreSQL tests will be skipped" >&2
  fi
fi
export NETBRAKE_TEST_PG_URL

# Debian's chromium for the console's browser tests (marker `browser`); without it
# those tests skip with the reason, the rest still run.
bash scripts/chromium.sh >/dev/null \
  || echo "test.sh: chromium could not be installed: browser tests will be skipped" >&2

# Java 17 for the Spark engine tests (tests/engines, marker `spark`): from Debian's
# packages when `java` is missing; without it those tests skip and say why.
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && { apt-get install -y -qq openjdk-17-jre-headless >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless; } >/dev/null 2>&1; }; then
    echo "test.sh: installed openjdk-17-jre-headless for the Spark tests" >&2
  else
    echo "test.sh: no java and openjdk-17-jre-headless could not be installed: Spark tests will be skipped" >&2
  fi
fi

# vPDQ video hashing (the optional `video` extra) needs FFmpeg's development
# packages to build; without them the video tests skip and say why.
FFMPEG_DEV="libavcodec-dev libavformat-dev libavfilter-dev libswscale-dev libswresample-dev libavutil-dev libavdevice-dev pkg-config"
if ! $BIN/python -c "import vpdq" >/dev/null 2>&1; then
  if ! pkg-config --exists libavcodec 2>/dev/null && [ "$(id -u)" = 0 ]; then
    { apt-get install -y -qq $FFMPEG_DEV || { apt-get update -qq && apt-get install -y -qq $FFMPEG_DEV; }; } >/dev/null 2>&1 || true
  fi
  $BIN/uv pip install -q --python $BIN/python -c constraints.txt -e ".[video]" >/dev/null 2>&1 \
    || echo "test.sh: vpdq could not be built: video hashing tests will be skipped" >&2
fi

# Real social graphs for the detection scenarios (tests/scenarios): graph-tool's
# collection, taken from Debian's python3-graph-tool package without installing it;
# without apt those tests skip and say why.
bash scripts/backdrops.sh >/dev/null \
  || echo "test.sh: backdrops could not be fetched: scenario tests on real graphs will be skipped" >&2

set +e
$BIN/pytest "$@"
status=$?
# The package without extras, as a newcomer installs it (about a minute): a fresh
# .venv-core, the demo, a guard search and the exports. NETBRAKE_CORE_INSTALL=skip
# leaves it out of a local run of a few tests; CI never sets it.
core=0
if [ "${NETBRAKE_CORE_INSTALL:-}" != skip ]; then
  bash scripts/core_install.sh
  core=$?
fi
set -e
# pytest exits 5 when it collected no tests: that is a failure here too.
if [ "$status" -ne 0 ]; then exit "$status"; fi
exit $core
