#!/usr/bin/env bash
# Puts the four gzipped Fashion-MNIST IDX files into DIR (default: data/fashion-mnist under the
# repo root; a DIR argument is taken relative to the caller's working directory) and verifies each
# against a pinned SHA-256. The files stay gzipped: dpnet reads .gz directly. Sources, in order:
# the Debian package dataset-fashion-mnist (installed with apt-get when missing, if running as
# root), then the canonical .gz files over HTTP. Files only ever appear in DIR complete and verified.
#
# Usage: scripts/fetch-fashion-mnist.sh [DIR]
# Environment: FASHION_MNIST_MIRRORS overrides the HTTP fallback's base URLs.
set -euo pipefail

readonly FETCH_TAG=fetch-fashion-mnist
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=SCRIPTDIR/lib/fetch-common.sh
source "$repo_root/scripts/lib/fetch-common.sh"

readonly DEB_PACKAGE=dataset-fashion-mnist
# FASHION_MNIST_MIRRORS (space-separated base URLs, e.g. an internal mirror) replaces the public one.
read -r -a MIRRORS <<<"${FASHION_MNIST_MIRRORS:-http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/}"
readonly MIRRORS
readonly FILES=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
declare -rA SHA256=(
  [t10k-images-idx3-ubyte.gz]=cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa
  [t10k-labels-idx1-ubyte.gz]=8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05
  [train-images-idx3-ubyte.gz]=b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7
  [train-labels-idx1-ubyte.gz]=0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056
)

use_target_dir "${1:-$repo_root/data/fashion-mnist}"
find_missing "${FILES[@]}"
if ((${#missing[@]} == 0)); then
  echo "Fashion-MNIST already present in $dir (SHA-256 verified)"
  exit 0
fi

open_work_area

# A source whose files do not match the pinned sums is treated as failed, so the next one is tried.
check_work_files() {
  local source=$1 f actual ok=0
  for f in "${missing[@]}"; do
    actual="$(sha_of "$work/files/$f")"
    if [[ $actual != "${SHA256[$f]}" ]]; then
      echo "fetch-fashion-mnist: checksum mismatch for $f from $source: expected ${SHA256[$f]}, got $actual" >&2
      ok=1
    fi
  done
  return "$ok"
}

deb_installed() {
  dpkg-query -W -f='${Status}' "$DEB_PACKAGE" 2>/dev/null | grep -q 'install ok installed'
}

# apt-get install, with one 'apt-get update' and a retry if the package lists do not know it yet.
deb_install() {
  if ((EUID != 0)); then
    echo "fetch-fashion-mnist: $DEB_PACKAGE is not installed and installing it needs root" \
      "(run 'sudo apt-get install -y $DEB_PACKAGE' and retry)" >&2
    return 1
  fi
  command -v apt-get >/dev/null || { echo "fetch-fashion-mnist: apt-get is not on PATH" >&2; return 1; }
  echo "Installing Debian package $DEB_PACKAGE"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y "$DEB_PACKAGE" >"$work/apt.log" 2>&1; then
    return 0
  fi
  echo "Refreshing the package lists (apt-get update)"
  if ! apt-get update >>"$work/apt.log" 2>&1; then
    echo "fetch-fashion-mnist: step 'apt-get update' failed:" >&2
    cat "$work/apt.log" >&2
    return 1
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y "$DEB_PACKAGE" >>"$work/apt.log" 2>&1; then
    echo "fetch-fashion-mnist: step 'apt-get install -y $DEB_PACKAGE' failed:" >&2
    cat "$work/apt.log" >&2
    return 1
  fi
}

# Each source leaves the gzipped files in $work/files or returns non-zero.
from_debian() {
  local f path
  command -v dpkg-query >/dev/null || { echo "fetch-fashion-mnist: dpkg is not on PATH" >&2; return 1; }
  deb_installed || deb_install || return 1
  echo "Taking Fashion-MNIST from Debian package $DEB_PACKAGE"
  rm -rf "$work/files" && mkdir -p "$work/files"
  for f in "${missing[@]}"; do
    path="$(dpkg -L "$DEB_PACKAGE" | grep -m1 "/$f\$" || true)"
    if [[ -z $path || ! -f $path ]]; then
      echo "fetch-fashion-mnist: step 'find $f in $DEB_PACKAGE' failed (see 'dpkg -L $DEB_PACKAGE')" >&2
      return 1
    fi
    cp "$path" "$work/files/$f" || { echo "fetch-fashion-mnist: step 'copy $path' failed" >&2; return 1; }
  done
  check_work_files "Debian package $DEB_PACKAGE"
}

from_http() {
  local base f
  command -v curl >/dev/null || { echo "fetch-fashion-mnist: curl is not on PATH" >&2; return 1; }
  for base in "${MIRRORS[@]}"; do
    echo "Fetching Fashion-MNIST from $base"
    rm -rf "$work/files" && mkdir -p "$work/files"
    for f in "${missing[@]}"; do
      if ! curl -fsSL --retry 2 -o "$work/files/$f" "$base$f"; then
        echo "fetch-fashion-mnist: step 'download $base$f' failed" >&2
        continue 2
      fi
    done
    check_work_files "$base" && return 0
  done
  return 1
}

from_debian || from_http ||
  die "could not get Fashion-MNIST: the Debian package and every HTTP mirror failed (see above)"

install_verified
echo "Fashion-MNIST ready in $dir"
