#!/usr/bin/env bash
# docker-compose.yml, service `postgres`: run once by the official image when it creates the
# data directory (/docker-entrypoint-initdb.d/). Least privilege (issue 15, docs/security.md):
#   supervision_owner  owns the database and runs `migrate` (service `migrate`), which grants
#   supervision_app    what the application connects as: no superuser, owns nothing; on the
#                      audit trail only SELECT and INSERT (supervision/db_roles.py).
# The image's POSTGRES_USER (postgres) stays the cluster's administrator; the application
# never uses it.
set -euo pipefail

: "${DB_OWNER_PASSWORD:?set DB_OWNER_PASSWORD}"
: "${DB_APP_PASSWORD:?set DB_APP_PASSWORD}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v owner_pw="$DB_OWNER_PASSWORD" -v app_pw="$DB_APP_PASSWORD" <<'SQL'
CREATE ROLE supervision_owner LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD :'owner_pw';
CREATE ROLE supervision_app LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOINHERIT PASSWORD :'app_pw';
ALTER DATABASE supervision OWNER TO supervision_owner;
REVOKE ALL ON DATABASE supervision FROM PUBLIC;
GRANT CONNECT ON DATABASE supervision TO supervision_owner, supervision_app;
SQL
