#!/usr/bin/env bash
# Real social graphs for the detection scenarios (netbrake.scenarios):
# the .gt.gz files of graph-tool's collection, taken from Debian's python3-graph-tool
# package WITHOUT installing it (apt-get download + dpkg-deb), kept in a cache folder.
#   scripts/backdrops.sh          fetch when missing; print the folder
# The folder is $NETBRAKE_BACKDROPS, else ${XDG_CACHE_HOME:-~/.cache}/netbrake/backdrops.
# Only the graphs' structure is read (netbrake.scenarios.backdrop stops after the
# adjacency lists), never their vertex or edge properties such as names.
# Idempotent. Exits 0 with a message when apt is unavailable: the scenario tests
# then skip and say why.
set -euo pipefail

DIR=${NETBRAKE_BACKDROPS:-${XDG_CACHE_HOME:-$HOME/.cache}/netbrake/backdrops}
PACKAGE=python3-graph-tool
COLLECTION=./usr/lib/python3/dist-packages/graph_tool/collection
# karate: a 34-node known answer for the reader; the rest are scenario backdrops.
GRAPHS="email-Enron pgp-strong-2009 polblogs karate"
say() { echo "backdrops.sh: $*" >&2; }

missing=""
for g in $GRAPHS; do
  [ -s "$DIR/$g.gt.gz" ] || missing="$missing $g"
done
if [ -z "$missing" ]; then
  echo "$DIR"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
  say "apt-get/dpkg-deb not available: scenario backdrops missing ($missing ), their tests will skip"
  exit 0
fi

mkdir -p "$DIR"
work=$(mktemp -d "$DIR/.fetch-XXXXXX")
trap 'rm -rf "$work"' EXIT
# apt-get download writes into the current folder; as root it warns that _apt
# cannot write there, which is harmless.
if ! (cd "$work" && { apt-get download -qq "$PACKAGE" 2>/dev/null \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get download -qq "$PACKAGE" 2>/dev/null; }; }); then
  say "could not download $PACKAGE: scenario backdrops missing ($missing ), their tests will skip"
  exit 0
fi
deb=$(ls "$work"/*.deb 2>/dev/null | head -1)
if [ -z "$deb" ]; then
  say "no .deb downloaded: scenario backdrops missing, their tests will skip"
  exit 0
fi
members=""
for g in $missing; do members="$members $COLLECTION/$g.gt.gz"; done
# shellcheck disable=SC2086
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" $members
for g in $missing; do
  mv "$work/$COLLECTION/$g.gt.gz" "$DIR/$g.gt.gz"
done
say "kept$missing from $(basename "$deb") in $DIR"
echo "$DIR"
