# Sourced by test.sh: a private PostgreSQL cluster on a Unix socket, removed afterwards.
PG_DIR=""
start_postgres() {
  if [ -n "${SUPPLE_TEST_POSTGRES_URL:-}" ]; then return; fi
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bin" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing PostgreSQL (apt)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  if [ -z "$bin" ]; then
    echo "PostgreSQL is not available: the PostgreSQL tests will be skipped." >&2
    return
  fi
  PG_DIR=$(mktemp -d /tmp/supple-pg.XXXXXX)
  local run=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; run=(runuser -u postgres --); fi
  "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U supple >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses='' -k $PG_DIR -p 54329 -c fsync=off" start >/dev/null
  "${run[@]}" "$bin/createdb" -h "$PG_DIR" -p 54329 -U supple supple_test
  export SUPPLE_TEST_POSTGRES_URL="postgresql+psycopg://supple@/supple_test?host=$PG_DIR&port=54329"
  echo "== PostgreSQL running at $PG_DIR"
}
stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    local bin run=()
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    if [ "$(id -u)" = 0 ]; then run=(runuser -u postgres --); fi
    "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
