#!/usr/bin/env bash
# Three Helpdesk instances on PostgreSQL behind Debian's nginx (round-robin, TLS terminated with
# a throwaway certificate, X-Forwarded-For set by the proxy and believed only from it), with
# attachments in a bucket of moto's S3 server, SMS to a fake HTTP gateway and e-mail to a fake
# SMTP relay that count every message by its idempotency key. Installs what is missing.
#
#   scripts/cluster.sh up        start it all; prints the addresses (also in target/cluster/cluster.env)
#   scripts/cluster.sh down      stop it all and drop its database
#   scripts/cluster.sh kill N    kill -9 instance N (1–3)        scripts/cluster.sh start N   start it again
#
# HELPDESK_BIN picks the binary (target/debug/helpdesk by default; the fault runs use release).
set -euo pipefail
cd "$(dirname "$0")/.."
state=target/cluster
bin=${HELPDESK_BIN:-target/debug/helpdesk}
pg=${CLUSTER_PG:-postgres://postgres@127.0.0.1:5432}

free_ports() {
  python3 -c 'import socket,sys
socks=[socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1",0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

wait_http() { # url, what
  for _ in $(seq 1 300); do
    curl -sk -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "$2 did not start ($1)" >&2
  return 1
}

need_tools() {
  if ! command -v nginx >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
    # The package's own server is not ours: ours runs from target/cluster on ports of its own.
    nginx -s stop 2>/dev/null || true
  fi
  if [ ! -x target/moto-venv/bin/moto_server ]; then
    python3 -m venv target/moto-venv
    target/moto-venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==5.1.20"
  fi
  [ -x "$bin" ] || { echo "no $bin: build it first (cargo build)" >&2; exit 1; }
}

certificates() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Helpdesk cluster test CA" \
    -keyout "$state/ca.key" -out "$state/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$state/server.key" -out "$state/server.csr" 2>/dev/null
  echo "subjectAltName=IP:127.0.0.1,DNS:localhost" >"$state/ext.cnf"
  openssl x509 -req -in "$state/server.csr" -CA "$state/ca.pem" -CAkey "$state/ca.key" -CAcreateserial -days 2 \
    -extfile "$state/ext.cnf" -out "$state/server.pem" 2>/dev/null
}

nginx_conf() { # http_port tls_port node_ports...
  local http=$1 tls=$2
  shift 2
  local servers=""
  for p in "$@"; do servers+="    server 127.0.0.1:$p max_fails=1 fail_timeout=2s;"$'\n'; done
  local root
  root=$(pwd)/$state
  cat >"$state/nginx.conf" <<EOF
user root;
worker_processes 1;
pid $root/nginx.pid;
error_log $root/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log $root/nginx-access.log;
  client_body_temp_path $root/nginx-tmp/body;
  proxy_temp_path $root/nginx-tmp/proxy;
  fastcgi_temp_path $root/nginx-tmp/fastcgi;
  uwsgi_temp_path $root/nginx-tmp/uwsgi;
  scgi_temp_path $root/nginx-tmp/scgi;
  upstream helpdesk {
$servers  }
  server {
    listen 127.0.0.1:$http;
    listen 127.0.0.1:$tls ssl;
    ssl_certificate $root/server.pem;
    ssl_certificate_key $root/server.key;
    # Ten files of 20 MiB and the form around them.
    client_max_body_size 210m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$http_host;
    # One proxy in front: the address it saw replaces whatever the client claimed.
    proxy_set_header X-Forwarded-For \$remote_addr;
    proxy_set_header X-Forwarded-Proto \$scheme;
    # An upload goes to the instance as it arrives.
    proxy_request_buffering off;
    add_header X-Upstream \$upstream_addr always;
    location / {
      proxy_pass http://helpdesk;
    }
    # Server-sent events: nothing buffered, and a long wait between events.
    location /staff/events {
      proxy_pass http://helpdesk;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
    }
  }
}
EOF
}

start_node() { # n
  local n=$1
  # shellcheck disable=SC1090
  source "$state/cluster.env"
  local port
  port=$(echo "$NODE_PORTS" | cut -d' ' -f"$n")
  mkdir -p "$state/node$n"
  env HELPDESK_LISTEN="127.0.0.1:$port" HELPDESK_DATA_DIR="$state/node$n" HELPDESK_DATABASE_URL="$DATABASE_URL" \
    HELPDESK_PUBLIC_URL="$PROXY" HELPDESK_TRUST_FORWARDED_FOR=true HELPDESK_TRUSTED_PROXIES=127.0.0.1 \
    HELPDESK_ATTACHMENT_STORE=s3 HELPDESK_S3_ENDPOINT="$S3" HELPDESK_S3_BUCKET=helpdesk \
    HELPDESK_S3_ACCESS_KEY=cluster HELPDESK_S3_SECRET_KEY=cluster-secret HELPDESK_S3_TIMEOUT_SECONDS=5 \
    HELPDESK_SMS_TRANSPORT=http HELPDESK_SMS_HTTP_URL="$GATEWAY/sms" HELPDESK_SMS_HTTP_TIMEOUT_SECONDS=30 \
    HELPDESK_SMTP_HOST=127.0.0.1 HELPDESK_SMTP_PORT="$SMTP_PORT" HELPDESK_SMTP_SECURITY=none HELPDESK_MAIL_FROM="Helpdesk <helpdesk@cluster.test>" \
    HELPDESK_OUTBOX_POLL_MILLIS=100 HELPDESK_LOG_FORMAT=json HELPDESK_LOG=info \
    HELPDESK_SMS_DAILY_LIMIT_PER_IP=100000 HELPDESK_SMS_HOURLY_LIMIT=100000 \
    HELPDESK_LOGIN_ATTEMPTS_PER_IP_PER_MINUTE=100000 ${CLUSTER_NODE_ENV:-} \
    "$bin" >>"$state/node$n.log" 2>&1 &
  echo $! >"$state/node$n.pid"
  wait_http "http://127.0.0.1:$port/healthz" "instance $n"
}

up() {
  need_tools
  down >/dev/null 2>&1 || true
  rm -rf "$state"
  mkdir -p "$state/nginx-tmp"
  read -r http tls s3 sms smtp p1 p2 p3 <<<"$(free_ports 8)"
  local db="helpdesk_cluster_$RANDOM$RANDOM"
  psql "$pg/postgres" -qc "CREATE DATABASE $db" >/dev/null
  cat >"$state/cluster.env" <<EOF
PROXY=https://127.0.0.1:$tls
PROXY_HTTP=http://127.0.0.1:$http
NODE_PORTS="$p1 $p2 $p3"
NODES="http://127.0.0.1:$p1 http://127.0.0.1:$p2 http://127.0.0.1:$p3"
CA=$(pwd)/$state/ca.pem
DATABASE=$db
DATABASE_URL=$pg/$db
S3=http://127.0.0.1:$s3
GATEWAY=http://127.0.0.1:$sms
SMTP_PORT=$smtp
STATE=$(pwd)/$state
BIN=$bin
EOF
  target/moto-venv/bin/moto_server -H 127.0.0.1 -p "$s3" >"$state/s3.log" 2>&1 &
  echo $! >"$state/s3.pid"
  python3 scripts/cluster/fakes.py "$state" "$sms" "$smtp" >"$state/fakes.log" 2>&1 &
  echo $! >"$state/fakes.pid"
  wait_http "http://127.0.0.1:$s3/" "the S3 server"
  curl -s -X PUT "http://127.0.0.1:$s3/helpdesk" >/dev/null
  wait_http "http://127.0.0.1:$sms/stats" "the fake gateway"
  certificates
  nginx_conf "$http" "$tls" "$p1" "$p2" "$p3"
  # The first instance migrates the new database alone; the others find it done.
  start_node 1
  # (`wait` on these two only: the S3 server and the fakes are this shell's children too.)
  start_node 2 &
  local second=$!
  start_node 3 &
  local third=$!
  wait "$second" "$third"
  nginx -c "$(pwd)/$state/nginx.conf"
  wait_http "https://127.0.0.1:$tls/healthz" "nginx"
  echo "cluster up: $(grep -E '^(PROXY|NODES|DATABASE)=' "$state/cluster.env" | tr '\n' ' ')"
}

stop_pid() {
  [ -f "$1" ] || return 0
  kill "$(cat "$1")" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$(cat "$1")" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$(cat "$1")" 2>/dev/null || true
  rm -f "$1"
}

down() {
  [ -f "$state/cluster.env" ] || return 0
  # shellcheck disable=SC1090
  source "$state/cluster.env"
  [ -f "$state/nginx.pid" ] && nginx -c "$(pwd)/$state/nginx.conf" -s stop 2>/dev/null || true
  for n in 1 2 3; do stop_pid "$state/node$n.pid"; done
  stop_pid "$state/fakes.pid"
  stop_pid "$state/s3.pid"
  psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
  echo "cluster down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  kill) kill -9 "$(cat "$state/node$2.pid")" ;;
  start) start_node "$2" ;;
  *) echo "usage: $0 up|down|kill N|start N" >&2; exit 2 ;;
esac
