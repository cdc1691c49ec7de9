"""Issue 15: encrypt the ID numbers already stored and fill their digests (reversible: going
back decrypts them). Raw SQL in primary-key batches: ``supervision.fields.rewrite_column``."""

from django.db import migrations

from supervision.fields import encrypting_migration


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_party_id_number_encrypted"),
    ]

    operations = [
        migrations.RunPython(*encrypting_migration("cases", "Party", "id_number"), elidable=False),
    ]
