"""The organisation: procuratorates in their tree, departments, users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from supervision.choices import (
    ProcuratorateLevel,
    Role,
)

from .audit import TracksChanges


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
    # db_index: on PostgreSQL Django adds a second, ``varchar_pattern_ops`` index
    # (``…_path_…_like``), the one that serves the subtree scope's ``LIKE '/1/4/%'``.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    #: A maintained fact: this procuratorate was once asked to follow up an instrument of a
    #: lower one (跟进监督). Set by ``recommendations.services.followup`` in the request's
    #: transaction; while it is False, ``recommendations.permissions`` leaves the follow-up
    #: exception out of the query altogether (the self-check compares it with the rows).
    has_follow_up_requests = models.BooleanField(default=False, editable=False)

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
    #: The procuratorate's juvenile procuratorial department (未成年人检察部门, often 第九检察部):
    #: its staff see the procuratorate's juvenile cases, which other procurators do not
    #: (``cases.permissions``; seed 003 §8).
    juvenile = models.BooleanField(
        _("未成年人检察部门"), default=False,
        help_text=_("本部门人员可查看本院全部涉未成年人案件，其他检察官只能查看本人承办的涉未成年人案件"))

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


class User(TracksChanges, AbstractUser):
    """A person who logs in: staff of one procuratorate, or a liaison of one agency."""

    audit_opaque_fields = ("password",)

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
    #: A maintained fact: some case is shared with this user (a django-guardian object
    #: permission). Set by ``cases.services.sharing.case_share``, recomputed by
    #: ``case_unshare``; while it is False, ``cases.permissions`` leaves the shared-case
    #: exception out of the query altogether (the self-check compares it with the rows).
    has_shared_cases = models.BooleanField(default=False, editable=False)
    #: A procuratorate's system account (issue 17): made by the security administrator for a
    #: system that connects through the API with tokens; it has no usable password, so no one
    #: signs in with it in a browser, and it sees what its role sees in its procuratorate.
    is_system_account = models.BooleanField(_("系统账号"), default=False, editable=False)

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

    @property
    def is_liaison(self) -> bool:
        """An agency's liaison: sees the portal, never the procuratorate's internal notes."""
        return self.role == Role.LIAISON
