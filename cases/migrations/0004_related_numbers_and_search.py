"""Move the single ``related_case_number`` into ``RelatedCaseNumber`` rows, fill
``search_text``, and on PostgreSQL index it with pg_trgm so ``icontains`` can use an index.

The normalisation and search-text code is repeated here (not imported) so this migration keeps
working whatever the app code becomes.
"""

from __future__ import annotations

import unicodedata

from django.db import migrations

_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")"})


def _normalize(number: str) -> str:
    return "".join(unicodedata.normalize("NFKC", number).translate(_BRACKETS).split()).upper()


def copy_related_numbers(apps, schema_editor) -> None:
    Case = apps.get_model("cases", "SupervisionCase")
    Related = apps.get_model("cases", "RelatedCaseNumber")
    for case in Case.objects.exclude(related_case_number="").iterator():
        Related.objects.get_or_create(case=case, normalized=_normalize(case.related_case_number),
                                      defaults={"number": case.related_case_number, "kind": "other"})


def fill_search_text(apps, schema_editor) -> None:
    Case = apps.get_model("cases", "SupervisionCase")
    for case in Case.objects.iterator():
        parts = [case.number, case.title, case.summary]
        parts += list(case.parties.values_list("name", flat=True))
        parts += list(case.related_numbers.values_list("number", flat=True))
        Case.objects.filter(pk=case.pk).update(
            search_text=unicodedata.normalize("NFKC", "\n".join(p for p in parts if p)))


TRGM_INDEX = "case_search_trgm_idx"


def create_trigram_index(apps, schema_editor) -> None:
    """PostgreSQL only: ``icontains`` becomes ``UPPER(search_text) LIKE UPPER(%s)``, which a
    GIN index over ``UPPER(search_text) gin_trgm_ops`` serves. pg_trgm is a trusted extension
    (PostgreSQL 13+): the database owner may create it without superuser rights."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON cases_supervisioncase "
        "USING gin (UPPER(search_text) gin_trgm_ops)")


def drop_trigram_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0003_case_file"),
    ]

    operations = [
        migrations.RunPython(copy_related_numbers, migrations.RunPython.noop),
        migrations.RemoveField(model_name="supervisioncase", name="related_case_number"),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
