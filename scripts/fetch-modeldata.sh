#!/usr/bin/env bash
# Puts CSV exports of three data sets from the R package modeldata into DIR (default: data/modeldata
# under the repo root; a DIR argument is taken relative to the caller's working directory):
# lending_club (tabular, categorical columns, imbalanced), ames (regression) and the small_fine_foods
# reviews (text), each as NAME-train.csv and NAME-test.csv (see docs/datasets.md). modeldata comes
# from Debian (r-cran-modeldata, read with Rscript from r-base-core), installed with apt-get when
# missing, at the versions whose output is pinned; scripts/modeldata-export.R writes the CSVs and
# every file is checked against scripts/modeldata.sha256 before it appears in DIR (atomically).
#
# Another R or modeldata version (e.g. on another Debian release) is used with a warning: the export
# is deterministic, so it passes if the data and the formatting did not change, and otherwise stops
# with the file, the pinned and the actual SHA-256, leaving DIR as it was.
#
# Usage: scripts/fetch-modeldata.sh [DIR]
#        scripts/fetch-modeldata.sh --check DIR   # only verify DIR's files against the pinned sums
set -euo pipefail

readonly FETCH_TAG=fetch-modeldata
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=SCRIPTDIR/lib/fetch-common.sh
source "$repo_root/scripts/lib/fetch-common.sh"

readonly SUMS_FILE="$repo_root/scripts/modeldata.sha256"
readonly EXPORT_SCRIPT="$repo_root/scripts/modeldata-export.R"
# The versions Debian 12 (bookworm) offers, with which scripts/modeldata.sha256 was made.
readonly R_DEB_VERSION=4.2.2.20221110-2
readonly MODELDATA_DEB_VERSION=1.1.0-1

# SHA256 (file -> pinned sum) and FILES (in the list's order) from the committed list.
declare -A SHA256=()
FILES=()
while read -r sum name; do
  [[ -z $sum || $sum == \#* ]] && continue
  SHA256[$name]=$sum
  FILES+=("$name")
done <"$SUMS_FILE"
((${#FILES[@]} > 0)) || die "no sums in $SUMS_FILE"

# Verifies every pinned file in $1 (named in messages as $2FILE, default $1/FILE); prints one line
# per missing or changed file; non-zero if any.
check_dir() {
  local d=$1 shown=${2:-$1/} f actual bad=0
  for f in "${FILES[@]}"; do
    if [[ ! -f $d/$f ]]; then
      echo "$FETCH_TAG: $shown$f is missing" >&2
      bad=1
      continue
    fi
    actual="$(sha_of "$d/$f")"
    if [[ $actual != "${SHA256[$f]}" ]]; then
      echo "$FETCH_TAG: checksum mismatch for $shown$f: expected ${SHA256[$f]}, got $actual" >&2
      bad=1
    fi
  done
  return "$bad"
}

if [[ ${1:-} == --check ]]; then
  (($# == 2)) || die "usage: fetch-modeldata.sh --check DIR"
  check_dir "$2" || exit 1
  echo "modeldata files in $2: SHA-256 verified"
  exit 0
fi

use_target_dir "${1:-$repo_root/data/modeldata}"
find_missing "${FILES[@]}"
if ((${#missing[@]} == 0)); then
  echo "modeldata CSVs already present in $dir (SHA-256 verified)"
  exit 0
fi

open_work_area

deb_version() {
  dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null | sed -n 's/^install ok installed //p'
}

# apt-get install of the pinned versions (one 'apt-get update' and a retry if the package lists do
# not know them); when apt offers other versions only, those, with a warning.
deb_install() {
  local pinned=(r-base-core="$R_DEB_VERSION" r-cran-modeldata="$MODELDATA_DEB_VERSION")
  ((EUID == 0)) || die "R's modeldata is not installed and installing it needs root" \
    "(run 'sudo apt-get install -y ${pinned[*]}' and retry)"
  command -v apt-get >/dev/null || die "Rscript or R's modeldata is missing and apt-get is not on PATH"
  echo "Installing Debian packages ${pinned[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${pinned[@]}" >"$work/apt.log" 2>&1 && return 0
  echo "Refreshing the package lists (apt-get update)"
  apt-get update >>"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; die "step 'apt-get update' failed"; }
  apt-get install -y --no-install-recommends "${pinned[@]}" >>"$work/apt.log" 2>&1 && return 0
  echo "$FETCH_TAG: warning: apt offers no ${pinned[*]}; installing its own versions" >&2
  apt-get install -y --no-install-recommends r-base-core r-cran-modeldata >>"$work/apt.log" 2>&1 ||
    { cat "$work/apt.log" >&2; die "step 'apt-get install r-base-core r-cran-modeldata' failed"; }
}

have_modeldata() {
  command -v Rscript >/dev/null && Rscript -e 'quit(status = !requireNamespace("modeldata", quietly = TRUE))' >/dev/null 2>&1
}

have_modeldata || deb_install
have_modeldata || die "Rscript cannot load the R package modeldata after installing it"

r_version="$(Rscript -e 'cat(as.character(getRversion()))')"
md_version="$(Rscript -e 'cat(as.character(packageVersion("modeldata")))')"
if [[ $r_version != 4.2.2 || $md_version != 1.1.0 ]]; then
  echo "$FETCH_TAG: warning: R $r_version with modeldata $md_version; the sums were pinned with" \
    "R 4.2.2 and modeldata 1.1.0 (Debian $R_DEB_VERSION, $MODELDATA_DEB_VERSION), so a" \
    "checksum mismatch below means the data or its formatting differ there" >&2
fi

echo "Exporting modeldata $md_version (R $r_version) to CSV"
mkdir -p "$work/files"
# C.UTF-8 and a clean R (no site or user profile) so that nothing local changes the output.
LC_ALL=C.UTF-8 Rscript --vanilla "$EXPORT_SCRIPT" "$work/files" ||
  die "step 'Rscript scripts/modeldata-export.R' failed (see above)"
check_dir "$work/files" "the export of " ||
  die "the export does not match $SUMS_FILE (R $r_version, modeldata $md_version); nothing was changed in $dir"

install_verified
echo "modeldata CSVs ready in $dir"
