#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the repository tests and print the URL to export:
#   export QUICKREAD_TEST_POSTGRES_URL="$(.ci/postgres.sh)"
# Installs Debian's postgresql package when no server binaries are found (needs root and apt).
# The cluster lives in a temporary directory on a free port, trust-authenticated on 127.0.0.1 only;
# stop it with: pg_ctl -D "$dir" stop   (the directory is printed on stderr).
set -euo pipefail

find_bin() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    echo "$found"
}

bin=$(find_bin)
if [[ -z "$bin" ]]; then
    echo "installing postgresql with apt-get..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    bin=$(find_bin)
fi

dir=$(mktemp -d /tmp/quickread-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run() {
    # initdb and the server refuse to run as root: run them as the postgres user when we are root.
    if [[ $(id -u) -eq 0 ]]; then
        chown -R postgres "$dir"
        su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    else
        "$@"
    fi
}
run "$bin/initdb" -D "$dir/data" -U quickread --auth=trust --no-sync -E UTF8 >&2
run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $dir -F -c fsync=off -c full_page_writes=off" start >&2
run "$bin/createdb" -h 127.0.0.1 -p "$port" -U quickread quickread_test >&2
echo "postgres data directory: $dir/data" >&2
echo "postgresql+psycopg://quickread@127.0.0.1:$port/quickread_test"
