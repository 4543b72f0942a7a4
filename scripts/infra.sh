#!/usr/bin/env bash
# Makes sure the servers Sinergi runs against are up on localhost: PostgreSQL (5432),
# NATS with JetStream (4222) and Redis (6379). Installs them from Debian's packages when
# they are missing and starts them when they are stopped. Used by .ci/run, `npm test`
# and `npm run stack`, so a fresh clone needs nothing by hand.
# Usage: scripts/infra.sh ensure
set -euo pipefail

PG_PORT="${PGPORT:-5432}"
NATS_PORT="${NATS_PORT:-4222}"
REDIS_PORT="${REDIS_PORT:-6379}"

log() { printf '[infra] %s\n' "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2 i
  for i in $(seq 1 60); do
    port_open "$port" && return 0
    sleep 0.5
  done
  log "$name did not open port $port within 30 s"
  return 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    log "need root to run: $*"; return 1; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_postgres() {
  if port_open "$PG_PORT"; then return 0; fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing PostgreSQL from Debian's packages"
    apt_install postgresql postgresql-client
  fi
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    as_root pg_createcluster "$version" main >&2
  fi
  # Local connections on loopback are trusted, as on the development machines.
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if [ -f "$hba" ] && ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust' "$hba"
  fi
  as_root mkdir -p /var/run/postgresql
  as_root chown postgres:postgres /var/run/postgresql
  log "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  wait_port "$PG_PORT" PostgreSQL
}

ensure_redis() {
  if port_open "$REDIS_PORT"; then return 0; fi
  if ! command -v redis-server >/dev/null; then
    log "installing Redis from Debian's packages"
    apt_install redis-server
  fi
  as_root mkdir -p /var/lib/redis /var/log/redis
  log "starting Redis"
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" \
    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log >&2
  wait_port "$REDIS_PORT" Redis
}

ensure_nats() {
  if port_open "$NATS_PORT"; then return 0; fi
  if [ ! -x /usr/sbin/nats-server ] && ! command -v nats-server >/dev/null; then
    log "installing nats-server from Debian's packages"
    apt_install nats-server
  fi
  local bin
  bin=$(command -v nats-server || echo /usr/sbin/nats-server)
  as_root mkdir -p /var/lib/nats-server
  log "starting NATS with JetStream"
  as_root start-stop-daemon --start --oknodo --background --exec "$bin" -- \
    -a 127.0.0.1 -p "$NATS_PORT" -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  wait_port "$NATS_PORT" NATS
}

check_jetstream() {
  # A NATS server started without -js answers INFO without "jetstream":true.
  local info
  info=$(timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$NATS_PORT; head -n 1 <&3" 2>/dev/null || true)
  if ! grep -q '"jetstream":true' <<<"$info"; then
    log "NATS on port $NATS_PORT runs without JetStream; restart it with -js"
    return 1
  fi
}

case "${1:-ensure}" in
  ensure)
    ensure_postgres
    ensure_redis
    ensure_nats
    check_jetstream
    log "PostgreSQL :$PG_PORT, Redis :$REDIS_PORT, NATS+JetStream :$NATS_PORT are up"
    ;;
  *) echo "usage: $0 ensure" >&2; exit 2 ;;
esac
