"""The Content-Security-Policy (issue 15, django-csp): every page is served with a policy that
allows script and style from this origin only, and no template relies on anything it forbids
(inline handlers, inline style attributes, inline script)."""

from __future__ import annotations

import pathlib
import re

import pytest
from django.test import Client

ROOT = pathlib.Path(__file__).resolve().parents[1]
# Rendered by WeasyPrint into PDFs, never served to a browser.
NOT_SERVED = ("templates/documents/",)


def served_templates() -> list[pathlib.Path]:
    found = [p for p in ROOT.glob("**/templates/**/*.html")
             if ".venv" not in p.parts and not any(part in str(p) for part in NOT_SERVED)]
    assert len(found) > 40
    return found


@pytest.mark.django_db
def test_every_page_carries_the_policy():
    response = Client().get("/login/")
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'",
                      "frame-ancestors 'none'", "object-src 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_template_uses_an_inline_handler_style_or_script():
    handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    style = re.compile(r"\sstyle\s*=", re.IGNORECASE)
    script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.IGNORECASE)
    offenders = []
    for path in served_templates():
        text = path.read_text(encoding="utf-8")
        for name, pattern in (("handler", handler), ("style", style), ("script", script),
                              ("style element", re.compile(r"<style\b", re.IGNORECASE))):
            offenders += [f"{path.relative_to(ROOT)}: inline {name}" for _ in pattern.findall(text)]
    assert offenders == []
