# Shared by scripts/*, benchmarks/* and .ci/run: installing what is missing, finding Swift,
# asking vibesql-git which commands it has. Source it; it defines functions only.

# The Debian packages every job needs: libgit2 and SQLite to build and link, pkg-config to find
# them, the sqlite3 shell and git to use the tool.
VIBESQL_DEBIAN_PACKAGES=(libgit2-dev libsqlite3-dev pkg-config sqlite3 git)

# Installs the Debian packages named (default: VIBESQL_DEBIAN_PACKAGES) that are not installed
# yet; does nothing when all are there. Needs root or sudo only when something is missing.
vibesql_install_packages() {
    local wanted=("$@") missing=() package
    [ ${#wanted[@]} -gt 0 ] || wanted=("${VIBESQL_DEBIAN_PACKAGES[@]}")
    for package in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$package")
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    echo "Installing ${missing[*]} (apt-get)"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || {
            echo "error: need root or sudo to install: ${missing[*]}" >&2
            return 1
        }
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Puts Swift on PATH (a toolchain unpacked at /opt/swift counts) or explains what is missing:
# Debian has no Swift package, the toolchain comes from swift.org.
vibesql_find_swift() {
    if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
    command -v swift >/dev/null 2>&1 || {
        echo "error: no Swift toolchain on PATH (and none in /opt/swift); install Swift 6 from swift.org" >&2
        return 1
    }
}

# True when `vibesql-git` (path in $1) lists the subcommand $2 in its help: commands other
# branches are still adding are skipped, not failed.
vibesql_has_command() {
    "$1" --help 2>/dev/null |
        awk '/^SUBCOMMANDS:/ { on = 1; next } on && /^  [a-z]/ { print $1 }' |
        grep -qx "$2"
}

# True when `vibesql-git run` (path in $1) accepts the option $2 (e.g. --no-record).
vibesql_run_has_option() {
    "$1" run --help 2>/dev/null | grep -q -- "$2\b"
}

# The SQLLogicTest corpus: $VIBESQL_SLT_CORPUS, else ../shared/sqllogictest/test beside the
# repository. Prints the folder, or nothing when there is none.
vibesql_corpus_dir() {
    local root=$1 dir=${VIBESQL_SLT_CORPUS:-}
    [ -n "$dir" ] || dir="$root/../shared/sqllogictest/test"
    [ -d "$dir" ] && (cd "$dir" && pwd)
    return 0
}
