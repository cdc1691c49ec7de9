#!/usr/bin/env bash
# docker-compose.yml, service `postgres-replica`: the entrypoint of a PostgreSQL hot standby.
#
# On the first start it clones the primary with pg_basebackup, streaming
# the WAL written meanwhile (-X stream) and writing the standby configuration (-R:
# standby.signal and primary_conninfo in postgresql.auto.conf); then, on every start, it runs
# postgres as a hot standby that streams from the primary. The primary must let the replication
# role in (scripts/compose-postgres-init.sh).
#
# Environment: PRIMARY_HOST, PRIMARY_PORT (5432), REPLICATION_USER (replicator),
# POSTGRES_REPLICATION_PASSWORD, PGDATA.
set -euo pipefail

PGDATA=${PGDATA:-/var/lib/postgresql/data}
PRIMARY_HOST=${PRIMARY_HOST:?set PRIMARY_HOST}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICATION_USER=${REPLICATION_USER:-replicator}

if [ "$(id -u)" = 0 ]; then
  # as the official image does: own the data directory, then drop to the postgres user
  mkdir -p "$PGDATA"
  chown -R postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  exec gosu postgres bash "${BASH_SOURCE[0]}" "$@"
fi

# Written after a complete clone: a clone interrupted half-way is made again from scratch, and
# a standby promoted later (no standby.signal any more) is never overwritten.
CLONED="$PGDATA/.cloned-by-compose-replica-entrypoint"

if [ ! -f "$CLONED" ]; then
  echo "replica: waiting for the primary at $PRIMARY_HOST:$PRIMARY_PORT"
  until pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT"; do sleep 1; done
  echo "replica: cloning the primary (pg_basebackup)"
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  find "$PGDATA" -mindepth 1 -delete
  PGPASSWORD=${POSTGRES_REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD} \
    pg_basebackup --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" --username="$REPLICATION_USER" \
                  --pgdata="$PGDATA" --wal-method=stream --write-recovery-conf \
                  --checkpoint=fast --no-password
  touch "$CLONED"
  echo "replica: clone done"
fi

# hot_standby: answer read-only queries; hot_standby_feedback: the primary's vacuum keeps the
# rows a long read on the standby still needs (docs/scaling.md).
exec postgres -c listen_addresses='*' -c hot_standby=on -c hot_standby_feedback=on "$@"
