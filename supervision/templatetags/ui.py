"""The design system's template components (issue 14): the same markup and colours for the
same thing on every page. ``{% load ui %}``, then:

* ``{% status_badge obj %}`` — a state's words on its tone's colour (``supervision.choices.Tone``:
  whose move it is); the colour is never the only signal.
* ``{% due obj %}`` — a due date (any :class:`~supervision.models.Deadline`) with a chip saying
  how it stands (还剩 N 天 / 今日到期 / 已逾期 N 天), its flags (暂定; 期限依据待核实 for staff
  only) and its explanation on hover and one tap away (``brief``: no explanation, for a card
  that links to the page that has it; ``chip=False`` where the card already shows the chip).
* ``{% breadcrumbs label url label url … label %}`` — where the page sits; the last label is
  the page itself.
"""

from __future__ import annotations

import uuid

from django import template
from django.utils import timezone
from django.utils.html import format_html

from supervision.permissions import STAFF_ROLES

register = template.Library()

#: Days left at or under which a running clock's chip turns to a warning.
DUE_SOON_DAYS = 3


@register.inclusion_tag("ui/status_badge.html")
def status_badge(obj, testid: str = "") -> dict:
    return {"label": obj.get_status_display(), "status": obj.status,
            "tone": getattr(obj, "status_tone", "neutral"), "testid": testid}


@register.inclusion_tag("ui/due.html", takes_context=True)
def due(context, obj, brief: bool = False, chip: bool = True, testid: str = "due-date") -> dict:
    if obj is None or obj.due_date is None:
        return {"obj": None}
    days = (obj.due_date - timezone.localdate()).days
    running = obj.is_running()
    user = context.get("user")
    # "期限依据待核实" is for the procuratorate's own staff (DEADLINES.md): never for an
    # agency's liaison, nor for the congress observer reading a released report.
    staff = bool(user is not None and user.is_authenticated and user.role in STAFF_ROLES)
    return {
        "obj": obj,
        "testid": testid,
        "explanation": obj.due_explanation_text(),
        "brief": brief,
        "chip": chip and running,
        "days": days,
        "overdue_days": -days,
        "overdue": running and days < 0,
        "soon": running and 0 <= days <= DUE_SOON_DAYS,
        "unverified": staff and not obj.due_basis_verified,
    }


@register.inclusion_tag("ui/breadcrumbs.html")
def breadcrumbs(*parts) -> dict:
    """Pairs of (label, url), then the current page's label."""
    *pairs, current = parts
    if len(pairs) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes label/url pairs and a last label")
    return {"crumbs": list(zip(pairs[::2], pairs[1::2], strict=True)), "current": current}


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` (None if absent): a table row's column named by a loop variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def form_token() -> str:
    """A one-time token for a form whose action must happen once (supervision.services.once)."""
    return format_html('<input type="hidden" name="form_token" value="{}">', uuid.uuid4())
