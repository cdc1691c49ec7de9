"""Permission-matrix rows of the API's documentation pages (issue 17): every signed-in user may
read them (the schema they show is served to the same people); an anonymous visitor is sent
to the login page, as on any page."""

from __future__ import annotations

from .base import SIGNED_IN, Row

ROWS: dict[str, Row] = {
    "api-docs": Row(ok=SIGNED_IN),
    "api-redoc": Row(ok=SIGNED_IN),
}
