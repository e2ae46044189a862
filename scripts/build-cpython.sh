#!/bin/sh
# build-cpython.sh DIR: CPython from Debian's source package (upstream's own tarball), built twice
# into DIR with upstream's configure: free-threaded (--disable-gil, PEP 703) into DIR/pythonX.Yt and
# default into DIR/pythonX.Y, the latter with the backport of concurrent.interpreters where the
# version lacks it. The newest version whose files download is built; a second run does nothing.
# apt reads a sources list and keeps its state under DIR: the system's apt configuration is not touched.
set -eu

dest=${1:-.cpython}
# Tried in turn: the newest first, each from the newest suite whose index lists it.
candidates="python3.14 python3.13 python3.13/trixie"
suites="sid trixie"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)

fail() {
    echo "make free-threaded: $*" >&2
    exit 1
}

# Already built: both interpreters of one version run.
for v in 3.14 3.13; do
    if "$dest/python${v}t/bin/python${v}t" -c '' 2>/dev/null && "$dest/python$v/bin/python$v" -c '' 2>/dev/null; then
        echo "make free-threaded: $dest/python${v}t and $dest/python$v are built"
        exit 0
    fi
done

command -v apt-get >/dev/null 2>&1 || fail "apt-get is not installed: Debian's source package cannot be had here"
command -v cc >/dev/null 2>&1 || fail "no C compiler (cc) to build CPython with"
[ -r "$keyring" ] || fail "$keyring is missing (Debian's debian-archive-keyring): the sources cannot be checked"

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
apt="$dest/apt"
log="$dest/build.log"
mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/sources.list.d" "$dest/src"
: >"$apt/status"
: >"$log"
for suite in $suites; do
    echo "deb-src [signed-by=$keyring] $mirror $suite main"
done >"$apt/sources.list"

private_apt() {
    apt-get -q -o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts="$apt/sources.list.d" \
        -o Dir::State::Lists="$apt/lists" -o Dir::State::status="$apt/status" \
        -o Dir::Cache="$apt" -o Dir::Cache::archives="$apt/archives" \
        -o Dir::Cache::pkgcache="" -o Dir::Cache::srcpkgcache="" \
        -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)" "$@"
}

echo "make free-threaded: reading Debian's source index ($suites) into $apt" >&2
private_apt update >>"$log" 2>&1 || fail "apt-get update of Debian's deb-src index failed: $(tail -n 1 "$log")"

tarball=""
for package in $candidates; do
    name=${package%/*}
    rm -f "$dest/src/${name}"_*
    echo "make free-threaded: apt-get source --download-only $package" >&2
    if (cd "$dest/src" && private_apt source --download-only "$package") >>"$log" 2>&1; then
        for found in "$dest/src/${name}"_*.orig.tar.*; do
            case $found in *.asc) ;; *) [ -f "$found" ] && tarball=$found ;; esac
        done
        [ -n "$tarball" ] && break
    fi
done
[ -n "$tarball" ] || fail "none of $candidates could be downloaded from Debian's source packages: $(tail -n 1 "$log")"

version=${name#python}
upstream=$(basename "$tarball")
upstream=${upstream#"${name}"_}
upstream=${upstream%%.orig.tar.*}
echo "make free-threaded: CPython $upstream from $(basename "$tarball")" >&2
rm -rf "$dest/src/Python-$upstream"
tar -xf "$tarball" -C "$dest/src" || fail "could not unpack $tarball"
source="$dest/src/Python-$upstream"
[ -x "$source/configure" ] || fail "$tarball holds no Python-$upstream/configure"

# One build: its folder under src, its prefix under dest, upstream's configure with the flags given.
build() {
    prefix=$1
    shift
    work="$dest/src/build-$(basename "$prefix")"
    rm -rf "$work" "$prefix"
    mkdir -p "$work"
    start=$(date +%s)
    echo "make free-threaded: configure --prefix=$prefix${*:+ $*} && make -j$jobs && make install" >&2
    (cd "$work" && "$source/configure" --prefix="$prefix" "$@" && make -j"$jobs" && make install) >>"$log" 2>&1 \
        || fail "building $(basename "$prefix") failed: $(tail -n 1 "$log") (all of it in $log)"
    echo "make free-threaded: $(basename "$prefix") built in $(($(date +%s) - start)) s" >&2
    rm -rf "$work"
}

build "$dest/python${version}t" --disable-gil
build "$dest/python$version"
# concurrent.interpreters is in the standard library from 3.14; before, its backport from PyPI.
if ! "$dest/python$version/bin/python$version" -c 'import concurrent.interpreters' 2>/dev/null; then
    "$dest/python$version/bin/python$version" -m pip install --quiet 'backports.interpreters==0.3.0' >>"$log" 2>&1 \
        || echo "make free-threaded: backports.interpreters could not be installed: python-subinterpreters is left out" >&2
fi
rm -rf "$source"
echo "make free-threaded: $dest/python${version}t and $dest/python$version are built"
