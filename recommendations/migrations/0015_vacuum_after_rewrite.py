"""VACUUM (ANALYZE) the tables 0014 rewrote. Rewriting every stored explanation leaves each row
twice (the bench's 1M instruments: 1M dead rows) and clears the visibility map, so until
autovacuum comes by, the dashboards' index-only scans visit the heap again (measured: the
provincial dashboard 47 ms → 295 ms). VACUUM cannot run inside a transaction: this migration is
not atomic, and does nothing on other databases (SQLite's embedded default holds a demo)."""

from django.db import migrations

TABLES = [("recommendations", "Recommendation"), ("recommendations", "InternalDeadline"),
          ("cases", "ClueTransfer")]


def vacuum(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # SQLite; or inside a test's transaction, where there is nothing to reclaim
    with connection.cursor() as cursor:
        for app_label, name in TABLES:
            table = connection.ops.quote_name(apps.get_model(app_label, name)._meta.db_table)
            cursor.execute(f"VACUUM (ANALYZE) {table}")


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ("recommendations", "0014_legal_basis_official_titles"),
    ]

    operations = [migrations.RunPython(vacuum, migrations.RunPython.noop, elidable=True)]
