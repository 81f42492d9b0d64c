# shellcheck shell=bash
# What the dataset fetch scripts (fetch-mnist.sh, fetch-fashion-mnist.sh) have in common: checking
# files against pinned SHA-256 sums, a download area that is always cleaned up, and moving verified
# files into the target directory atomically, so that files only ever appear there complete.
# Sourced, not run. The sourcing script defines, before calling anything here:
#   FETCH_TAG  the prefix of its error messages (its own name, e.g. fetch-mnist)
#   SHA256     an associative array: file name -> pinned SHA-256
# These functions set the globals the script's download sources then use: dir, missing, work.

# shellcheck disable=SC2154 # FETCH_TAG and SHA256 are defined by the sourcing script (see above)

die() {
  echo "$FETCH_TAG: $*" >&2
  exit 1
}

sha_of() {
  sha256sum "$1" | cut -d' ' -f1
}

verified() {
  [[ -f $1 ]] && [[ $(sha_of "$1") == "${SHA256[$(basename "$1")]}" ]]
}

# Creates DIR if needed and sets dir to its absolute path (a relative DIR is taken from the caller's
# working directory).
use_target_dir() {
  dir="$1"
  mkdir -p "$dir" || die "cannot create directory $dir"
  dir="$(cd "$dir" && pwd)"
}

# Sets missing to those of the given file names that are not in $dir with their pinned sum.
find_missing() {
  local f
  missing=()
  for f in "$@"; do
    verified "$dir/$f" || missing+=("$f")
  done
}

# Creates the download area $work. Whatever happens from here on, leave neither the download area
# nor half-installed files behind.
open_work_area() {
  work="$(mktemp -d)"
  partial=()
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

cleanup() {
  rm -rf "$work"
  ((${#partial[@]} == 0)) || rm -f "${partial[@]}"
}

# Moves each missing file from $work/files into $dir: copied to a temporary name in $dir first, so
# that the final rename is atomic, and verified again there before it gets its real name.
install_verified() {
  local file_mode f tmp actual
  file_mode="$(printf '%o' $((0666 & ~0$(umask))))"
  for f in "${missing[@]}"; do
    tmp="$(mktemp "$dir/.$f.XXXXXX")"
    partial+=("$tmp")
    cp "$work/files/$f" "$tmp" || die "step 'copy $f into $dir' failed"
    chmod "$file_mode" "$tmp" # mktemp creates 0600; give the file the mode the umask would
    actual="$(sha_of "$tmp")"
    if [[ $actual != "${SHA256[$f]}" ]]; then
      die "checksum mismatch for $f: expected ${SHA256[$f]}, got $actual"
    fi
    mv -f "$tmp" "$dir/$f" || die "step 'move $f into place' failed"
    echo "$f: SHA-256 verified"
  done
}
