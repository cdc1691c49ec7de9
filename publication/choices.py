"""The states of what a procuratorate publishes (typical cases and statistics releases)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    """提请公开 → 审批公开 (or 退回, with a reason, and proposed again) → 撤回.

    Only ``published`` is ever shown on the public page; the transitions are in
    ``publication/transitions.py``."""

    PROPOSED = "proposed", _("待审批")
    RETURNED = "returned", _("已退回")
    PUBLISHED = "published", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")


#: Each state's tone (``supervision.choices.Tone``), for the status badge.
STATUS_TONES: dict[str, str] = {
    PublicationStatus.PROPOSED: "ours", PublicationStatus.RETURNED: "ours",
    PublicationStatus.PUBLISHED: "done", PublicationStatus.WITHDRAWN: "ended",
}
