#!/usr/bin/env bash
# A PostgreSQL streaming replica (hot standby) of this machine's main cluster, with Debian's
# cluster tools: for CI (.ci/run) and for trying the replica routing locally (docs/scaling.md).
#
#   scripts/pg-replica.sh start     create it if needed (pg_createcluster + pg_basebackup -R -X stream),
#                                   start it and wait until it streams from the primary
#   scripts/pg-replica.sh stop      stop it (its data stays; `start` resumes streaming)
#   scripts/pg-replica.sh status    state, replay position and lag; exit 0 only when streaming
#   scripts/pg-replica.sh destroy   stop it and remove the cluster (data and configuration)
#
# Idempotent: `start` on a running, streaming standby changes nothing. A standby that belongs to
# an older primary (the main cluster was re-created) or that cannot stream any more (the WAL it
# needs is gone) is rebuilt from a fresh base backup.
#
# The primary must be running. `start` makes sure it accepts replication connections from
# 127.0.0.1 for the postgres role (a `host replication postgres 127.0.0.1/32 trust` line at the
# top of its pg_hba.conf, then a reload) and has wal_level >= replica and max_wal_senders > 0
# (Debian's defaults; otherwise ALTER SYSTEM and a restart of the primary).
#
# Environment: PRIMARY_PORT (5432), REPLICA_PORT (5433), REPLICA_CLUSTER (replica),
# PG_VERSION (the version of the cluster listening on PRIMARY_PORT). Root or passwordless sudo.
set -euo pipefail

cmd=${1:-}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
REPLICA_CLUSTER=${REPLICA_CLUSTER:-replica}
HBA_LINE="host replication postgres 127.0.0.1/32 trust"

say() { printf 'pg-replica: %s\n' "$*"; }
die() { printf 'pg-replica: %s\n' "$*" >&2; exit 1; }
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else "$@"; fi
}
as_postgres() {
  if [[ $(id -un) == postgres ]]; then "$@"
  elif [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"
  else sudo -n -u postgres "$@"; fi
}
# psql as the postgres superuser over the Unix socket (peer auth): psql_at <port> <sql>
psql_at() { as_postgres psql -X -q -p "$1" -d postgres -v ON_ERROR_STOP=1 -tAc "$2"; }

command -v pg_lsclusters >/dev/null || die "Debian's postgresql-common is not installed (WANT_SERVICES=1 scripts/system-deps.sh)"

# The primary: the cluster listening on PRIMARY_PORT.
read -r primary_version primary_name < <(pg_lsclusters -h | awk -v p="$PRIMARY_PORT" '$3 == p {print $1, $2; exit}') || true
VERSION=${PG_VERSION:-${primary_version:-}}
[[ -n $VERSION ]] || die "no PostgreSQL cluster listens on port $PRIMARY_PORT (start the main cluster first)"
BIN=/usr/lib/postgresql/$VERSION/bin
CONF_DIR=/etc/postgresql/$VERSION/$REPLICA_CLUSTER
DATA_DIR=/var/lib/postgresql/$VERSION/$REPLICA_CLUSTER

replica_exists() { [[ -f $CONF_DIR/postgresql.conf ]]; }
replica_online() { pg_lsclusters -h | awk -v v="$VERSION" -v c="$REPLICA_CLUSTER" '$1 == v && $2 == c {print $4}' | grep -q '^online'; }
ctl() { as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$REPLICA_CLUSTER" "$@"; }

primary_ready() { pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT"; }

ensure_primary_allows_replication() {
  local wal_level senders hba restart=0
  wal_level=$(psql_at "$PRIMARY_PORT" "show wal_level")
  senders=$(psql_at "$PRIMARY_PORT" "show max_wal_senders")
  if [[ $wal_level == minimal ]]; then
    say "primary: wal_level=minimal, setting replica (needs a restart)"
    psql_at "$PRIMARY_PORT" "alter system set wal_level = replica"; restart=1
  fi
  if (( senders < 2 )); then
    say "primary: max_wal_senders=$senders, setting 10 (needs a restart)"
    psql_at "$PRIMARY_PORT" "alter system set max_wal_senders = 10"; restart=1
  fi
  hba=$(psql_at "$PRIMARY_PORT" "show hba_file")
  if ! as_root grep -qxF "$HBA_LINE" "$hba"; then
    say "primary: allowing replication connections ($HBA_LINE) in $hba"
    as_root sed -i "1i $HBA_LINE" "$hba"
    psql_at "$PRIMARY_PORT" "select pg_reload_conf()" >/dev/null
  fi
  if (( restart )); then
    as_root pg_ctlcluster --skip-systemctl-redirect "$VERSION" "${primary_name:-main}" restart
    for _ in $(seq 30); do primary_ready && break; sleep 1; done
  fi
}

primary_sysid() { psql_at "$PRIMARY_PORT" "select system_identifier from pg_control_system()"; }
replica_sysid() {
  as_postgres "$BIN/pg_controldata" "$DATA_DIR" 2>/dev/null | awk -F: '/Database system identifier/ {gsub(/ /, "", $2); print $2}'
}

# Is the standby usable as it stands: a standby of *this* primary?
replica_belongs_to_primary() {
  [[ -f $DATA_DIR/standby.signal ]] || return 1
  [[ $(replica_sysid) == "$(primary_sysid)" ]]
}

drop_replica() {
  if replica_exists || [[ -d $DATA_DIR ]]; then
    say "removing cluster $VERSION/$REPLICA_CLUSTER"
    as_root pg_dropcluster --stop "$VERSION" "$REPLICA_CLUSTER" 2>/dev/null || true
    as_root rm -rf "$DATA_DIR" "$CONF_DIR"
  fi
}

create_replica() {
  say "creating cluster $VERSION/$REPLICA_CLUSTER on port $REPLICA_PORT ($DATA_DIR)"
  # pg_createcluster writes the Debian configuration (/etc/postgresql/…, port, log file);
  # its freshly initialised data directory is then replaced by a base backup of the primary.
  as_root pg_createcluster "$VERSION" "$REPLICA_CLUSTER" -p "$REPLICA_PORT" --start-conf=manual >/dev/null
  as_root find "$DATA_DIR" -mindepth 1 -delete
  say "pg_basebackup from 127.0.0.1:$PRIMARY_PORT (-R -X stream)"
  as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -w \
    -D "$DATA_DIR" -R -X stream -c fast
  # A hot standby needs these at least as high as on the primary; copy them. Feedback keeps
  # the primary's vacuum from removing rows a long export on the standby still reads.
  local conf=$CONF_DIR/conf.d/50-standby.conf name value
  as_root mkdir -p "$CONF_DIR/conf.d"
  {
    echo "# written by scripts/pg-replica.sh"
    echo "hot_standby = on"
    echo "hot_standby_feedback = on"
    for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
      value=$(psql_at "$PRIMARY_PORT" "show $name")
      echo "$name = $value"
    done
  } | as_root tee "$conf" >/dev/null
  # The same client authentication as the primary (its users are replicated with its data).
  as_root cp "$(psql_at "$PRIMARY_PORT" "show hba_file")" "$CONF_DIR/pg_hba.conf"
  as_root chown postgres:postgres "$CONF_DIR/pg_hba.conf" "$conf"
}

streaming() {
  [[ $(psql_at "$REPLICA_PORT" "select status from pg_stat_wal_receiver" 2>/dev/null) == streaming ]]
}

wait_streaming() {  # wait_streaming <seconds>
  for _ in $(seq "$1"); do streaming && return 0; sleep 1; done
  return 1
}

start() {
  primary_ready || die "the primary (127.0.0.1:$PRIMARY_PORT) is not running"
  ensure_primary_allows_replication
  if replica_exists && ! replica_belongs_to_primary; then
    say "the existing $REPLICA_CLUSTER cluster is not a standby of this primary: rebuilding"
    drop_replica
  fi
  replica_exists || create_replica
  replica_online || ctl start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT" && break; sleep 1; done
  if ! wait_streaming 30; then
    say "the standby does not stream (see /var/log/postgresql/postgresql-$VERSION-$REPLICA_CLUSTER.log): rebuilding"
    drop_replica
    create_replica
    ctl start
    wait_streaming 60 || die "the rebuilt standby does not stream either"
  fi
  status
}

stop() {
  if replica_exists && replica_online; then ctl stop; say "stopped"; else say "not running"; fi
}

status() {
  if ! replica_exists; then say "no cluster $VERSION/$REPLICA_CLUSTER"; return 3; fi
  pg_lsclusters | awk -v v="$VERSION" -v c="$REPLICA_CLUSTER" 'NR == 1 || ($1 == v && $2 == c)'
  if ! replica_online; then say "not running"; return 3; fi
  psql_at "$REPLICA_PORT" "select 'in recovery: ' || pg_is_in_recovery(),
      'receiver:    ' || coalesce((select status || ' from ' || sender_host || ':' || sender_port
                                   from pg_stat_wal_receiver), 'none'),
      'replayed:    ' || coalesce(pg_last_wal_replay_lsn()::text, '-'),
      'last replay: ' || coalesce(pg_last_xact_replay_timestamp()::text, '-')" | tr '|' '\n'
  say "primary at $(psql_at "$PRIMARY_PORT" "select pg_current_wal_lsn()")"
  streaming
}

case $cmd in
  start) start ;;
  stop) stop ;;
  status) status ;;
  destroy) drop_replica; say "done" ;;
  *) echo "usage: scripts/pg-replica.sh start | stop | status | destroy" >&2; exit 2 ;;
esac
