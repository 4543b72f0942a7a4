#!/usr/bin/env bash
# Makes sure what Sinergi runs against is on this machine: PostgreSQL (5432) and Redis (6379)
# up on localhost, and the nats-server binary installed. Installs from Debian's packages when
# missing and starts what is stopped. Sinergi never uses a shared, anonymous NATS: `npm run
# stack` and every test run start their own nats-server with the shipped permissions
# (deploy/base/nats-auth.conf). Used by .ci/run, `npm test` and `npm run stack`, so a fresh
# clone needs nothing by hand.
# Usage: scripts/infra.sh ensure
#        scripts/infra.sh certs <dir>   a CA and a server certificate for TLS to NATS (openssl);
#                                       extra names in CERT_NAMES="name1,name2".
set -euo pipefail

PG_PORT="${PGPORT:-5432}"
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
  if [ -x /usr/sbin/nats-server ] || command -v nats-server >/dev/null; then return 0; fi
  log "installing nats-server from Debian's packages"
  apt_install nats-server
}

ensure_openssl() {
  if command -v openssl >/dev/null; then return 0; fi
  log "installing openssl from Debian's packages"
  apt_install openssl
}

# A private CA and a server certificate it signs, for nats-server's TLS; clients verify with ca.pem.
make_certs() {
  local dir=$1 names="localhost,127.0.0.1,nats,nats-0.nats-headless,nats-1.nats-headless,nats-2.nats-headless"
  [ -n "${CERT_NAMES:-}" ] && names="$names,$CERT_NAMES"
  ensure_openssl
  mkdir -p "$dir"
  local san="" name
  IFS=',' read -ra list <<<"$names"
  for name in "${list[@]}"; do
    if [[ $name =~ ^[0-9.]+$ ]]; then san="$san,IP:$name"; else san="$san,DNS:$name"; fi
  done
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=Sinergi NATS CA" \
    -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=nats" \
    -keyout "$dir/server-key.pem" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "${san#,}" >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial \
    -days 825 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
  rm -f "$dir/server.csr" "$dir/server.ext" "$dir/ca.srl"
  chmod 600 "$dir/ca-key.pem" "$dir/server-key.pem"
  log "certificates in $dir: ca.pem, server.pem, server-key.pem (names: $names)"
}

case "${1:-ensure}" in
  ensure)
    ensure_postgres
    ensure_redis
    ensure_nats
    ensure_openssl
    log "PostgreSQL :$PG_PORT and Redis :$REDIS_PORT are up; nats-server is installed"
    ;;
  certs)
    [ -n "${2:-}" ] || { echo "usage: $0 certs <dir>" >&2; exit 2; }
    make_certs "$2"
    ;;
  *) echo "usage: $0 ensure | certs <dir>" >&2; exit 2 ;;
esac
