"""Issue 15: a party's ID number is stored encrypted, with a keyed digest for exact match;
the column widens to text (a token is 71–115 characters). 0009 encrypts the existing rows."""

from django.db import migrations

import supervision.fields


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_transfer_clock_changed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="party",
            name="id_number",
            field=supervision.fields.EncryptedTextField(blank=True, max_length=18,
                                                        verbose_name="身份证号/统一社会信用代码"),
        ),
        migrations.AddField(
            model_name="party",
            name="id_number_digest",
            field=supervision.fields.DigestField(source="id_number"),
        ),
    ]
