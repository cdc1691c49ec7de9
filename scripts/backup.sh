#!/usr/bin/env bash
# A backup of the system: the PostgreSQL database (pg_dump, custom format) and the uploaded
# files (a tar of MEDIA_ROOT), with a manifest of both files' SHA-256, in a directory of its
# own named by the UTC time. docs/operations.md, "Backup and restore".
#
#   DATABASE_URL=postgres://supervision_owner:…@host:5432/supervision \
#   MEDIA_ROOT=/app/var/media scripts/backup.sh /backups
#
# The directory appears only when complete (written as <name>.partial, then renamed).
set -euo pipefail

dest_root=${1:-${BACKUP_DIR:-./backups}}
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
media_root=${MEDIA_ROOT:-${VAR_DIR:-./var}/media}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
final="$dest_root/$stamp"
work="$final.partial"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

# --format=custom: compressed, restorable table by table, read by pg_restore only.
pg_dump --format=custom --file="$work/database.dump" --dbname="$DATABASE_URL"

# The files, relative to MEDIA_ROOT (an empty archive when there are none yet).
mkdir -p "$media_root"
tar -C "$media_root" -czf "$work/media.tar.gz" .

database=$(psql --dbname="$DATABASE_URL" -tAc "select current_database()")
{
  echo "created: $stamp"
  echo "database: $database"
  echo "pg_dump: $(pg_dump --version)"
  echo "media_root: $media_root"
} > "$work/MANIFEST"
(cd "$work" && sha256sum database.dump media.tar.gz > SHA256SUMS)

mv "$work" "$final"
trap - EXIT
echo "$final"
