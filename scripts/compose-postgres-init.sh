#!/usr/bin/env bash
# docker-compose.yml, service `postgres`: mounted into /docker-entrypoint-initdb.d/, so the
# official image runs it once, when it creates the data directory. It lets the streaming replica
# (`postgres-replica`, scripts/compose-replica-entrypoint.sh) in: a REPLICATION role with its own
# password, and a pg_hba.conf line for replication connections (the image's "host all all all"
# line does not cover them). An existing data directory needs the same by hand — see
# docs/operations.md, "Streaming replica".
set -euo pipefail

: "${POSTGRES_REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD}"
REPLICATION_USER=${REPLICATION_USER:-replicator}

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v user="$REPLICATION_USER" -v password="$POSTGRES_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE :"user" WITH REPLICATION LOGIN PASSWORD :'password';
SQL

echo "host replication $REPLICATION_USER all scram-sha-256" >> "$PGDATA/pg_hba.conf"
