#!/usr/bin/env bash
# Fetches the test folders of OTP's own suites for the Erlang/OTP that is
# installed (Debian's `erlang` source package) into a cache folder.
#
#   fetch.sh [CACHE_DIR]      default: $HOME/.cache/libling/otp-src
#
# Prints the extracted source root (CACHE_DIR/otp-OTP-x.y.z) on its last line
# of stdout. The system's apt state is never touched: apt runs with a private
# configuration (sources, lists and caches in CACHE_DIR/apt). Idempotent: a
# finished download or extraction is not repeated.
set -euo pipefail

die() { echo "fetch.sh: error: $*" >&2; exit 1; }
say() { echo "fetch.sh: $*" >&2; }

cache=${1:-${HOME}/.cache/libling/otp-src}
mkdir -p "$cache" || die "cannot create cache folder $cache"
cache=$(cd "$cache" && pwd)

# The folders the suites live in, and common_test's headers (ct.hrl: macros
# only; ct_event.hrl: a record binary_SUITE uses).
wanted=(erts/emulator/test lib/stdlib/test lib/compiler/test
        lib/common_test/include)

command -v apt-get >/dev/null || die "apt-get not found (Debian only)"
command -v dpkg-query >/dev/null || die "dpkg-query not found (Debian only)"

# The source package and version the installed emulator was built from.
src_version=$(dpkg-query -W -f='${source:Version}' erlang-base 2>/dev/null) \
  || die "erlang-base is not installed (run tools/setup)"
[[ -n "$src_version" ]] || die "cannot read erlang-base's source version"
upstream=${src_version#*:}      # drop the epoch: 25.2.3+dfsg-1+deb12u4
upstream=${upstream%-*}         # drop the Debian revision: 25.2.3+dfsg
orig="erlang_${upstream}.orig.tar.xz"
marker="$cache/.extracted-${upstream}"

# The marker holds the top folder and the list extracted: a changed list
# (a newer fetch.sh) extracts again.
if [[ -f "$marker" ]]; then
  root="$cache/$(head -n1 "$marker")"
  if [[ "$(tail -n +2 "$marker")" == "${wanted[*]}" && -d "$root/erts/emulator/test" ]]; then
    say "already extracted: $root"
    echo "$root"
    exit 0
  fi
fi

dl="$cache/download"
mkdir -p "$dl"
if [[ ! -s "$dl/$orig" ]]; then
  # Private apt configuration: one deb-src entry per stanza of the machine's
  # own deb822 sources (same mirror and suites), lists and caches in scratch.
  apt_dir="$cache/apt"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" \
           "$apt_dir/sources.list.d"
  system_sources=/etc/apt/sources.list.d/debian.sources
  : > "$apt_dir/sources.list"
  if [[ -r "$system_sources" ]]; then
    sed -e 's/^Types:.*/Types: deb-src/' "$system_sources" \
      > "$apt_dir/sources.list.d/debian-src.sources"
  elif [[ -r /etc/apt/sources.list ]]; then   # one-line style (older setups)
    system_sources=/etc/apt/sources.list
    sed -n 's/^deb /deb-src /p' "$system_sources" > "$apt_dir/sources.list"
  else
    die "no $system_sources or /etc/apt/sources.list to find the mirror"
  fi
  apt_opts=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list"
    -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir/cache"
    -o "Dir::Cache::pkgcache="          # no binary cache file needed
    -o "APT::Sandbox::User=root"        # scratch folders are not _apt's
    -o "Debug::NoLocking=true"          # never wait on or take system locks
  )
  say "updating private apt lists (deb-src entries from $system_sources)"
  apt-get "${apt_opts[@]}" -q update >&2 \
    || die "apt-get update failed (network or mirror problem?)"

  # The exact Debian revision may have left the mirror; any revision of the
  # same upstream version shares the same .orig tarball, which is all we use.
  available=$(apt-cache "${apt_opts[@]}" showsrc erlang 2>/dev/null \
                | sed -n 's/^Version: //p' | sort -u)
  pick=""
  if grep -qxF "$src_version" <<<"$available"; then
    pick=$src_version
  else
    pick=$(grep -F ":${upstream}-" <<<"$available" | head -n1 || true)
    [[ -n "$pick" ]] || die "erlang source $src_version not on the mirror; available: $(tr '\n' ' ' <<<"$available")"
    say "note: $src_version not on the mirror, using $pick (same upstream tarball)"
  fi
  say "downloading erlang source $pick"
  (cd "$dl" && apt-get "${apt_opts[@]}" -q source --download-only "erlang=$pick" >&2) \
    || die "apt-get source --download-only erlang=$pick failed"
  [[ -s "$dl/$orig" ]] || die "download finished but $dl/$orig is missing"
else
  say "already downloaded: $dl/$orig"
fi

# Only the upstream tarball is used: Debian's patches (debian.tar.xz) touch
# no test folder but stdlib's zip_SUITE (checked for deb12u4).
# The tarball's top folder (otp-OTP-25.2.3/); read from its first entry.
top=$(tar -tJf "$dl/$orig" | head -n1 | cut -d/ -f1) || true
[[ -n "$top" ]] || die "cannot list $dl/$orig (corrupt? delete it and retry)"

members=()
for w in "${wanted[@]}"; do members+=("$top/$w"); done
say "extracting ${wanted[*]} from $orig"
rm -rf "${cache:?}/$top.partial"
mkdir -p "$cache/$top.partial"
# common_test's headers may be absent: tar reports it, we check below.
tar -xJf "$dl/$orig" -C "$cache/$top.partial" --strip-components=1 \
    "${members[@]}" 2>"$cache/tar.err" || true
for w in erts/emulator/test lib/stdlib/test lib/compiler/test; do
  [[ -d "$cache/$top.partial/$w" ]] \
    || die "extraction of $w failed: $(cat "$cache/tar.err")"
done
[[ -f "$cache/$top.partial/lib/common_test/include/ct.hrl" ]] \
  || say "note: ct.hrl not in the tarball; run.sh falls back to the installed one"
rm -f "$cache/tar.err"
rm -rf "${cache:?}/$top"
mv "$cache/$top.partial" "$cache/$top"
printf '%s\n%s\n' "$top" "${wanted[*]}" > "$marker"
say "ready: $cache/$top"
echo "$cache/$top"
