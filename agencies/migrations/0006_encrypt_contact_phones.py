"""Issue 15: encrypt the contact phones already stored and fill their digests (reversible:
going back decrypts them). Raw SQL in primary-key batches: ``supervision.fields.rewrite_column``."""

from django.db import migrations

from supervision.fields import encrypting_migration


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0005_contact_phone_encrypted"),
    ]

    operations = [
        migrations.RunPython(*encrypting_migration("agencies", "Agency", "contact_phone"), elidable=False),
    ]
