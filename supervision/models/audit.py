"""The audit trail (issue 15): append-only, hash-chained, kept at least six months.

Who did what, as whom, from where, to which object, with the fields it changed — written in the
same transaction as the change (:func:`supervision.services.audit.audit_record`). Each entry
carries its place in the chain (``seq``), the hash of the entry before it and its own
(:mod:`supervision.audit_chain`); ``manage.py audit_verify`` walks the chain.

On PostgreSQL three triggers make the table append-only even for its owner: no UPDATE, no
TRUNCATE, and no DELETE — except of rows older than the legal minimum, and then only by
``manage.py audit_archive``, which first writes them to an archive file and records the
archive's last hash here (:class:`AuditArchive`), so the chain stays provable across the cut.
The application's own database role may only INSERT and SELECT there (docs/security.md).
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: 网络安全法 第二十一条: network logs are kept for no less than six months.
RETENTION_DAYS = 184

_APPEND_ONLY = pgtrigger.Func(
    "RAISE EXCEPTION 'the audit trail is append-only: % on {meta.db_table} refused', TG_OP "
    "USING ERRCODE = 'insufficient_privilege';"
)
_KEEP = pgtrigger.Func(
    f"RAISE EXCEPTION 'audit entries younger than {RETENTION_DAYS} days cannot be deleted' "
    "USING ERRCODE = 'insufficient_privilege';"
)


class TracksChanges:
    """A model whose audit entries say what changed: an instance loaded from the database
    remembers its field values (Django's ``from_db`` recipe), and
    :func:`supervision.services.audit.audit_record` records ``{field: [before, after]}`` of
    the ones that differ when it is written."""

    #: Fields whose content is not repeated in the trail (it says only that they changed).
    audit_opaque_fields: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def audit_changes(self) -> dict[str, tuple[object, object]]:
        loaded = getattr(self, "_loaded_values", None)
        if loaded is None:
            return {}
        changes = {}
        for f in self._meta.concrete_fields:
            if f.attname in loaded and f.attname in self.__dict__:
                before, after = loaded[f.attname], self.__dict__[f.attname]
                if before != after:
                    changes[f.attname] = (("…", "…") if f.name in self.audit_opaque_fields
                                          else (before, after))
        return changes

    def audit_changes_recorded(self) -> None:
        if getattr(self, "_loaded_values", None) is not None:
            self._loaded_values.update({f.attname: self.__dict__[f.attname]
                                        for f in self._meta.concrete_fields
                                        if f.attname in self.__dict__})


class AuditEntry(models.Model):
    """One row per write a user (or the system) made, and per read of sensitive content."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("操作人"))
    role = models.CharField(_("角色"), max_length=20, blank=True)
    source_ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=60, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=60)
    target_id = models.CharField(_("对象编号"), max_length=40)
    data = models.JSONField(_("内容"), default=dict, blank=True)
    #: ``{field: [before, after]}`` of the fields the action changed, as text.
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    seq = models.BigIntegerField(_("序号"), unique=True)
    prev_hash = models.CharField(_("前一条记录的哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]
        triggers = [
            pgtrigger.Trigger(name="audit_append_only", when=pgtrigger.Before,
                              operation=pgtrigger.Update | pgtrigger.Delete, func=_APPEND_ONLY),
            # Not even the archive may remove what the law says to keep: this one is never
            # ignored.
            pgtrigger.Trigger(
                name="audit_keep_six_months", when=pgtrigger.Before, operation=pgtrigger.Delete,
                condition=pgtrigger.Condition(
                    f"OLD.created_at > NOW() - INTERVAL '{RETENTION_DAYS} days'"),
                func=_KEEP),
            pgtrigger.Trigger(name="audit_no_truncate", when=pgtrigger.Before,
                              level=pgtrigger.Statement, operation=pgtrigger.Truncate,
                              func=_APPEND_ONLY),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M} {self.action}"

    def chain_fields(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in CHAIN_FIELDS}


#: What :func:`supervision.audit_chain.verify` reads of each entry.
CHAIN_FIELDS = ("id", "seq", "prev_hash", "hash", "created_at", "actor_id", "role", "source_ip",
                "action", "target_type", "target_id", "data", "changes")


class AuditChainHead(models.Model):
    """The chain's last link, one row: the writer locks it to take the next ``seq``, so two
    transactions can never both extend the chain from the same entry."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")


class AuditArchive(models.Model):
    """Entries moved out of the table by ``manage.py audit_archive`` (only ones older than
    :data:`RETENTION_DAYS`): the file that holds them, its SHA-256, and the last link, from
    which the chain in the table continues."""

    created_at = models.DateTimeField(_("归档时间"), auto_now_add=True)
    first_seq = models.BigIntegerField()
    last_seq = models.BigIntegerField(unique=True)
    last_hash = models.CharField(max_length=64)
    entries = models.PositiveIntegerField(_("条数"))
    file_name = models.CharField(_("归档文件"), max_length=255)
    file_sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计归档")
        verbose_name_plural = _("审计归档")
        ordering = ["-last_seq"]
        triggers = [
            pgtrigger.Trigger(name="audit_archive_append_only", when=pgtrigger.Before,
                              operation=pgtrigger.Update | pgtrigger.Delete, func=_APPEND_ONLY),
        ]

    def __str__(self) -> str:
        return f"{self.first_seq}–{self.last_seq} {self.file_name}"
