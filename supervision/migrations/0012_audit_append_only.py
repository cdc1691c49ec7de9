"""The audit chain, part 2: the filled columns become required, and the table append-only on
PostgreSQL (separate from 0011 so the data update commits before the triggers exist)."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0011_audit_chain'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditchainhead',
            name='hash',
            field=models.CharField(max_length=64),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='created_at',
            field=models.DateTimeField(db_index=True, verbose_name='时间'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='data',
            field=models.JSONField(blank=True, default=dict, verbose_name='内容'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(max_length=64, verbose_name='哈希'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(max_length=64, verbose_name='前一条记录的哈希'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='seq',
            field=models.BigIntegerField(unique=True, verbose_name='序号'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='auditentry',
            trigger=pgtrigger.compiler.Trigger(name='audit_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'the audit trail is append-only: % on supervision_auditentry refused', TG_OP USING ERRCODE = 'insufficient_privilege';", hash='80132cb5f043d9f86573755132c02831a4463e19', operation='UPDATE OR DELETE', pgid='pgtrigger_audit_append_only_a2722', table='supervision_auditentry', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='auditentry',
            trigger=pgtrigger.compiler.Trigger(name='audit_keep_six_months', sql=pgtrigger.compiler.UpsertTriggerSql(condition="WHEN (OLD.created_at > NOW() - INTERVAL '184 days')", func="RAISE EXCEPTION 'audit entries younger than 184 days cannot be deleted' USING ERRCODE = 'insufficient_privilege';", hash='5342bd1e42d1915f09ab80dd66dfcc7f12d34303', operation='DELETE', pgid='pgtrigger_audit_keep_six_months_4b084', table='supervision_auditentry', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='auditentry',
            trigger=pgtrigger.compiler.Trigger(name='audit_no_truncate', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'the audit trail is append-only: % on supervision_auditentry refused', TG_OP USING ERRCODE = 'insufficient_privilege';", hash='6a503210f25c2ff86d0e9d0799765e732458fb35', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_audit_no_truncate_49013', table='supervision_auditentry', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='auditarchive',
            trigger=pgtrigger.compiler.Trigger(name='audit_archive_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'the audit trail is append-only: % on supervision_auditarchive refused', TG_OP USING ERRCODE = 'insufficient_privilege';", hash='2abb64d6b2280ccfd380329b7f21fc0ae3cb744f', operation='UPDATE OR DELETE', pgid='pgtrigger_audit_archive_append_only_1a661', table='supervision_auditarchive', when='BEFORE')),
        ),
    ]
