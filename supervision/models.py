"""Shared core: the organisation, users, the taxonomy of supervision, the legal calendar,
period rules, the audit log and in-app notifications."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from .choices import ClockStart, EmailMode, EmailStatus, PeriodUnit, ProcuratorateLevel, Role


class Procuratorate(models.Model):
    """A people's procuratorate (检察院), a node of the tree 最高检 → 省 → 市 → 基层.

    ``path`` is a materialised path (``/1/4/9/``) so that "this node and every one below it"
    is one indexed ``LIKE 'prefix%'`` query instead of a recursive walk.
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=20, help_text=_("用于文号和案号，如“定检”"))
    level = models.CharField(_("级别"), max_length=20, choices=ProcuratorateLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级院"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("检察院")
        verbose_name_plural = _("检察院")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.pk and self.parent_id and (self.parent_id == self.pk
                                           or self.parent.path.startswith(self.path)):
            raise ValidationError({"parent": _("上级院不能是本院或本院的下级院。")})

    @transaction.atomic
    def save(self, *args, **kwargs) -> None:
        """Save, then set ``path`` from the parent's; when the node moved, every node below
        it moves with it in one ``UPDATE`` (the subtree scopes read ``path``)."""
        old = (type(self).objects.filter(pk=self.pk).values_list("path", flat=True).first()
               if self.pk else None)
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path or (old and old != path):
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)
        if old and old != path:
            type(self).objects.filter(path__startswith=old).exclude(pk=self.pk).update(
                path=Concat(Value(path), Substr("path", len(old) + 1)))


class Department(models.Model):
    """A department (检察部) inside a procuratorate, with the short code used in numbers."""

    procuratorate = models.ForeignKey(
        Procuratorate, verbose_name=_("检察院"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("名称"), max_length=50)
    code = models.CharField(_("代字"), max_length=10, help_text=_("用于文号，如“一”"))

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        constraints = [
            models.UniqueConstraint(
                fields=["procuratorate", "name"], name="department_unique_name",
                violation_error_message=_("该检察院已有同名部门。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.procuratorate.short_name}·{self.name}"


class User(AbstractUser):
    """A person who logs in: staff of one procuratorate, or a liaison of one agency."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.PROCURATOR)
    procuratorate = models.ForeignKey(
        Procuratorate, verbose_name=_("检察院"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("被监督单位"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="liaisons",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="liaison") | models.Q(agency__isnull=False),
                name="user_liaison_has_agency",
                violation_error_message=_("联络员必须属于一个被监督单位。"),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username


class SupervisionKind(models.Model):
    """One of the four kinds of supervision (四大检察)."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30)
    case_code = models.CharField(_("案号代字"), max_length=10, help_text=_("如“刑监”“民监”"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("检察类别")
        verbose_name_plural = _("检察类别")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Matter(models.Model):
    """A supervision matter within a kind (e.g. 立案监督 → 有案不立), with the seed it comes from."""

    kind = models.ForeignKey(SupervisionKind, verbose_name=_("检察类别"), on_delete=models.PROTECT,
                             related_name="matters")
    parent = models.ForeignKey("self", verbose_name=_("上级事项"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    name = models.CharField(_("名称"), max_length=60)
    source = models.CharField(_("依据"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("监督事项")
        verbose_name_plural = _("监督事项")
        ordering = ["kind__order", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.parent.name}·{self.name}" if self.parent_id else self.name


class PeriodRule(models.Model):
    """A statutory reply period, keyed by the rule code of DEADLINES.md.

    The rule supplies the default period and its legal basis; an issued document may state a
    shorter period for urgent cases, recorded with a reason on the instrument.
    """

    code = models.SlugField(_("规则代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    amount = models.PositiveSmallIntegerField(_("期间"))
    unit = models.CharField(_("单位"), max_length=10, choices=PeriodUnit.choices)
    clock_start = models.CharField(_("起算"), max_length=20, choices=ClockStart.choices,
                                   default=ClockStart.SERVICE)
    shift_holidays = models.BooleanField(_("节假日顺延"), default=True)
    legal_basis = models.CharField(_("法律依据"), max_length=200)
    verified = models.BooleanField(_("已核实"), default=True)

    class Meta:
        verbose_name = _("期限规则")
        verbose_name_plural = _("期限规则")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}（{self.name}）"


class CalendarDay(models.Model):
    """A day whose status differs from the plain week: a statutory holiday or rest day that
    falls on a weekday, or a weekend day made a working day (调休上班)."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"))
    name = models.CharField(_("名称"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("法定节假日/调休")
        verbose_name_plural = _("法定节假日/调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class CalendarYear(models.Model):
    """A year whose State Council holiday notice has been entered; due dates in a year not
    listed here are provisional."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("已公布年度")
        verbose_name_plural = _("已公布年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class AuditEntry(models.Model):
    """One row per write a user (or the system) made: who, what, on which object, when."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"


class Notification(models.Model):
    """An in-app notification (the bell). Created by delivery tasks from outbox events.

    The text is stored as a message ``code`` and its ``params`` and rendered with gettext when
    it is shown (``text``), so each recipient reads it in their own language;
    ``message`` is the fallback for rows written before codes existed.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications")
    event = models.ForeignKey("recommendations.DeadlineEvent", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=300, blank=True)
    code = models.CharField(max_length=60, blank=True)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="notification_once_per_event",
                                    violation_error_message=_("同一事件只通知一次。")),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The notification in the active language (see ``supervision.notifications``)."""
        from .notifications import render_message

        return render_message(self.code, self.params, fallback=self.message)



class NotificationPreference(models.Model):
    """A user's choice of deadline e-mail (immediate or one daily digest) and the language
    their e-mails and calendar feed are written in. No row: the defaults in settings
    (``NOTIFICATION_DEFAULT_EMAIL_MODE``, ``LANGUAGE_CODE``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                primary_key=True, related_name="notification_preference")
    email_mode = models.CharField(_("邮件提醒方式"), max_length=20, choices=EmailMode.choices,
                                  default=EmailMode.DIGEST)
    language = models.CharField(_("邮件语言"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self) -> str:
        return f"{self.user} · {self.email_mode}"


class EmailDelivery(models.Model):
    """Outbox row of one e-mail to one person: the copy of one in-app notification, or one
    daily digest (keyed by recipient and date).

    Sending claims the row with ``UPDATE … SET status='sending' WHERE status='pending'`` in its
    own committed transaction and only then talks to the mail server, so two workers, a retried
    task or a re-run never send it twice; a failure puts it back to ``pending`` with a later
    ``next_attempt_at`` (exponential backoff).
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="email_deliveries")
    notification = models.OneToOneField(Notification, null=True, blank=True,
                                        on_delete=models.CASCADE, related_name="email")
    digest_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=EmailStatus.choices,
                              default=EmailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("邮件投递")
        verbose_name_plural = _("邮件投递")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(notification__isnull=False, digest_on__isnull=True)
                           | models.Q(notification__isnull=True, digest_on__isnull=False)),
                name="email_delivery_one_subject",
                violation_error_message=_("一封邮件要么转发一条通知，要么是一份每日汇总。")),
            models.UniqueConstraint(fields=["recipient", "digest_on"],
                                    condition=models.Q(digest_on__isnull=False),
                                    name="email_digest_once_per_day",
                                    violation_error_message=_("每人每天只发一份汇总。")),
        ]
        indexes = [
            # Used by recommendations.tasks.sweep_deadlines to re-queue e-mails whose task was
            # lost (worker killed, broker restarted) once their backoff has passed.
            models.Index(fields=["next_attempt_at"], name="email_pending_idx",
                         condition=models.Q(status="pending")),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.digest_on or self.notification_id} · {self.status}"


class CalendarFeed(models.Model):
    """A user's secret calendar subscription URL (ICS feed of their own due dates).

    The token is the only credential of the feed: it is random (256 bits), shown to its owner
    on the settings page, and revoked by setting ``revoked_at`` (the old URL then answers 404).
    At most one live feed per user.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = _("日历订阅")
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(revoked_at__isnull=True),
                                    name="calendar_feed_one_live_per_user",
                                    violation_error_message=_("每人只能有一个有效的日历订阅地址。")),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {'revoked' if self.revoked_at else 'live'}"


class SelfCheckReport(models.Model):
    """The result of one self-check run: data that breaks the rules (an open instrument with
    no due date, a served one with no service record, a state no transition leads to …).

    ``nightly_on`` is set for the scheduled run only and is unique, so two beats running by
    mistake write one nightly report; manual runs leave it empty.
    """

    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"))
    nightly_on = models.DateField(_("夜间自检日期"), null=True, blank=True, unique=True)
    triggered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    problem_count = models.PositiveIntegerField(_("问题数"), default=0)
    findings = models.JSONField(_("发现"), default=list, blank=True)

    class Meta:
        verbose_name = _("自检报告")
        verbose_name_plural = _("自检报告")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} · {self.problem_count}"
