# Approval by level and preservation suggestions (issue 18): the schema.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('recommendations', '0021_generic_deadline_subjects'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='instrumenttype',
            name='approval_level',
            field=models.CharField(choices=[('department', '部门负责人'), ('chief', '检察长'), ('committee', '检察委员会')], default='department', help_text='部门负责人：部门负责人或检察长审批；检察长：部门负责人审核后报检察长审批；检察委员会：部门负责人、检察长审核后提请检察委员会讨论决定，由检察长记录决定。', max_length=20, verbose_name='审批层级'),
        ),
        migrations.AddField(
            model_name='instrumenttype',
            name='requires_urgency_reason',
            field=models.BooleanField(default=False, verbose_name='须写明紧急情形'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='approval_stage',
            field=models.CharField(blank=True, choices=[('department', '部门负责人'), ('chief', '检察长'), ('committee', '检察委员会')], max_length=20, verbose_name='当前审批层级'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='urgency_reason',
            field=models.TextField(blank=True, verbose_name='紧急情形'),
        ),
        migrations.CreateModel(
            name='ApprovalStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(choices=[('department', '部门负责人'), ('chief', '检察长'), ('committee', '检察委员会')], max_length=20, verbose_name='审批层级')),
                ('outcome', models.CharField(choices=[('approved', '同意'), ('returned', '退回修改')], max_length=20, verbose_name='审批结果')),
                ('decided_at', models.DateTimeField(auto_now_add=True, verbose_name='审批时间')),
                ('opinion', models.TextField(blank=True, verbose_name='审批意见')),
                ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审批人')),
                ('recommendation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='approval_steps', to='recommendations.recommendation', verbose_name='监督文书')),
            ],
            options={
                'verbose_name': '审批记录',
                'verbose_name_plural': '审批记录',
                'ordering': ['decided_at', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('outcome', 'returned'), _negated=True) | models.Q(('opinion', ''), _negated=True), name='approval_step_return_has_opinion', violation_error_message='退回修改必须写明理由。')],
            },
        ),
        migrations.CreateModel(
            name='CommitteeDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('meeting_on', models.DateField(verbose_name='会议日期')),
                ('session_number', models.PositiveSmallIntegerField(help_text='本年度第几次检察委员会会议。', verbose_name='会议次数')),
                ('decision', models.CharField(choices=[('agree', '同意'), ('agree_with_changes', '修改后同意'), ('disagree', '不同意')], max_length=30, verbose_name='决定')),
                ('summary', models.TextField(verbose_name='表决情况和决定理由')),
                ('minutes_reference', models.CharField(blank=True, max_length=100, verbose_name='会议纪要编号')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='记录时间')),
                ('recommendation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='committee_decisions', to='recommendations.recommendation', verbose_name='监督文书')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='记录人')),
            ],
            options={
                'verbose_name': '检察委员会决定',
                'verbose_name_plural': '检察委员会决定',
                'ordering': ['recorded_at', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('summary', ''), _negated=True), name='committee_decision_has_summary', violation_error_message='请写明表决情况和决定理由。'), models.CheckConstraint(condition=models.Q(('session_number__gt', 0)), name='committee_decision_session_positive', violation_error_message='会议次数必须大于零。')],
            },
        ),
    ]
