"""Issue 15: an agency's contact phone is stored encrypted, with a keyed digest for exact
match; the column widens to text. 0006 encrypts the existing rows."""

from django.db import migrations

import supervision.fields


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0004_memberships_for_existing_liaisons"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agency",
            name="contact_phone",
            field=supervision.fields.EncryptedTextField(blank=True, max_length=30, verbose_name="联系电话"),
        ),
        migrations.AddField(
            model_name="agency",
            name="contact_phone_digest",
            field=supervision.fields.DigestField(source="contact_phone"),
        ),
    ]
