#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a NEW database, and its files into an
# empty MEDIA_ROOT. docs/operations.md, "Backup and restore".
#
#   DATABASE_URL=postgres://supervision_owner:…@host:5432/postgres \
#   MEDIA_ROOT=/app/var/media scripts/restore.sh /backups/20261206T020000Z supervision_restored
#
# DATABASE_URL names the server and the role to restore as — the owner role (it needs
# CREATEDB), which then owns every restored object; its database part is ignored. The script
#   1. checks both files against the manifest's SHA-256 and refuses on any mismatch;
#   2. refuses a database name that exists, and a MEDIA_ROOT that is not empty;
#   3. creates the database and restores into it (--no-owner --no-privileges: objects owned
#      by the restoring role, no grants copied from the old server);
#   4. unpacks the files;
#   5. runs `manage.py migrate` against it, a no-op that grants DATABASE_APP_ROLE its rights
#      (supervision/db_roles.py) — skip with RESTORE_SKIP_MIGRATE=1.
# Then check it: DATABASE_URL=<the new database> python manage.py audit_verify
set -euo pipefail

backup=${1:?usage: restore.sh BACKUP_DIR NEW_DATABASE_NAME}
name=${2:?usage: restore.sh BACKUP_DIR NEW_DATABASE_NAME}
: "${DATABASE_URL:?set DATABASE_URL to the server and owner role to restore as}"
media_root=${MEDIA_ROOT:-${VAR_DIR:-./var}/media}
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}

fail() { echo "restore: $*" >&2; exit 2; }

[[ $name =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || fail "not a plain database name: $name"
for f in database.dump media.tar.gz SHA256SUMS; do
  [[ -f $backup/$f ]] || fail "$backup/$f is missing"
done
(cd "$backup" && sha256sum --check --strict --quiet SHA256SUMS) \
  || fail "$backup does not match its manifest (SHA256SUMS): refusing to restore it"

# The same server and role, another database.
with_db() {
  "$python" - "$DATABASE_URL" "$1" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit
parts = urlsplit(sys.argv[1])
print(urlunsplit(parts._replace(path="/" + sys.argv[2])))
PY
}
admin_url=$(with_db postgres)
target_url=$(with_db "$name")

exists=$(psql --dbname="$admin_url" -tA -v name="$name" <<<"select 1 from pg_database where datname = :'name'")
[[ -z $exists ]] || fail "database $name exists: restore into a new one"
if [[ -d $media_root ]] && [[ -n $(ls -A "$media_root") ]]; then
  fail "MEDIA_ROOT $media_root is not empty"
fi

createdb --maintenance-db="$admin_url" "$name"
pg_restore --exit-on-error --no-owner --no-privileges --dbname="$target_url" "$backup/database.dump"

mkdir -p "$media_root"
tar -C "$media_root" -xzf "$backup/media.tar.gz"

if [[ ${RESTORE_SKIP_MIGRATE:-} != 1 ]]; then
  (cd "$here" && DATABASE_URL=$target_url "$python" manage.py migrate --noinput)
fi
echo "restored $backup into database $name and $media_root"
echo "check it: DATABASE_URL=<this server>/$name python manage.py audit_verify"
