"""The agency's reply while it is being written (回复草稿): saved and resumed by any liaison of
the agency, optionally signed off by the agency's responsible person (单位负责人), and turned
into an immutable ``Reply`` when sent. The procuratorate never sees a draft."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervision.models.audit import TracksChanges

from ..choices import ItemAnswer, ReplyDraftStatus


class ReplyDraft(TracksChanges, models.Model):
    """The one reply (or supplement, 补充回复) an agency is preparing for one instrument.

    ``version`` grows with every save: a save carrying an older version is refused, so two
    liaisons editing at once never overwrite each other silently."""

    recommendation = models.OneToOneField("Recommendation", verbose_name=_("监督文书"),
                                          on_delete=models.CASCADE, related_name="reply_draft")
    status = models.CharField(_("状态"), max_length=20, choices=ReplyDraftStatus.choices,
                              default=ReplyDraftStatus.EDITING)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("拟稿人"),
                               on_delete=models.PROTECT, related_name="reply_drafts")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("最后修改人"),
                                   on_delete=models.PROTECT, related_name="+")
    content = models.TextField(_("回复内容"), blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="replies/%Y/", blank=True)
    attachment_name = models.CharField(_("附件名"), max_length=200, blank=True)
    supplement_to = models.ForeignKey("Reply", verbose_name=_("补充的回复"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提请签发人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提请签发时间"), null=True, blank=True)
    returned_reason = models.TextField(_("退回理由"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("回复草稿")
        verbose_name_plural = _("回复草稿")

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.get_status_display()}"

    @property
    def is_supplement(self) -> bool:
        return self.supplement_to_id is not None


class ReplyDraftItem(models.Model):
    """The draft answer to one numbered item; may be incomplete until the draft is sent."""

    draft = models.ForeignKey(ReplyDraft, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey("RecommendationItem", verbose_name=_("建议事项"),
                             on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("采纳情况"), max_length=20, choices=ItemAnswer.choices,
                              blank=True)
    measures = models.TextField(_("本项采取的措施"), blank=True)
    evidence = models.FileField(_("证明材料"), upload_to="replies/%Y/", blank=True)
    evidence_name = models.CharField(_("证明材料文件名"), max_length=200, blank=True)
    completed_on = models.DateField(_("整改完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("逐项回复草稿")
        verbose_name_plural = _("逐项回复草稿")
        ordering = ["item__number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "item"], name="reply_draft_item_once"),
        ]
