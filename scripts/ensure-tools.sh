#!/bin/sh
# ensure-tools.sh REQUIRED... [-- OPTIONAL...]: make sure the named programs are on PATH.
# ensure-tools.sh --package NAME: install the Debian/Ubuntu package NAME.
# On Debian or Ubuntu the missing ones are installed with apt-get (as root, or through sudo);
# elsewhere, or when that fails, a missing required program stops with one line saying how to
# get it, and a missing optional one is skipped with a note.
set -u

package_of() {
    case "$1" in
        primesieve) echo primesieve-bin ;;
        cc) echo gcc ;;
        go) echo golang-go ;;
        *) echo "$1" ;;
    esac
}

apt_command() {
    command -v apt-get >/dev/null 2>&1 || return 1
    if [ "$(id -u)" = 0 ]; then
        echo "apt-get"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        echo "sudo apt-get"
    else
        return 1
    fi
}

if [ "${1:-}" = "--package" ]; then
    apt=$(apt_command) || { echo "error: install the package '$2' (apt-get is not usable here)" >&2; exit 1; }
    echo "installing: $2 (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    $apt update -qq >/dev/null 2>&1 || true
    $apt install -y -qq "$2" >/dev/null 2>&1 || { echo "error: could not install the package '$2'" >&2; exit 1; }
    exit 0
fi

missing_required=""
missing_optional=""
optional=0
for tool in "$@"; do
    if [ "$tool" = "--" ]; then optional=1; continue; fi
    command -v "$tool" >/dev/null 2>&1 && continue
    if [ "$optional" = 1 ]; then
        missing_optional="$missing_optional $tool"
    else
        missing_required="$missing_required $tool"
    fi
done
[ -z "$missing_required$missing_optional" ] && exit 0

apt=$(apt_command) || apt=""

if [ -n "$apt" ]; then
    echo "installing:$missing_required$missing_optional (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    $apt update -qq >/dev/null 2>&1 || true
    for tool in $missing_required $missing_optional; do
        $apt install -y -qq "$(package_of "$tool")" >/dev/null 2>&1 || true
    done
fi

status=0
for tool in $missing_required; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "error: $tool is required and missing: install the Debian/Ubuntu package '$(package_of "$tool")' (or see README.md)" >&2
        status=1
    fi
done
for tool in $missing_optional; do
    command -v "$tool" >/dev/null 2>&1 ||
        echo "note: $tool is not installed (package '$(package_of "$tool")'); its row is left out" >&2
done
exit $status
