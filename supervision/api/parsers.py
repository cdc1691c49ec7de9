"""Request bodies the API accepts: JSON, parsed so that a hostile body is a 400, never a 500."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

#: Deeper than any body the API takes (its objects nest two or three levels).
MAX_DEPTH = 32


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, refusing bodies nested deeper than :data:`MAX_DEPTH` — Python's
    ``json`` would raise ``RecursionError`` on a few thousand levels, which DRF does not catch
    (a 500). The depth is checked on the raw text before parsing, so nothing deep is built.
    The body may be at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes (DRF reads the raw stream,
    past Django's own check): more is a 413, read no further."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1 if limit is not None else -1) if stream is not None else b""
        if limit is not None and len(raw) > limit:
            raise RequestDataTooBig(_("请求内容过大。"))
        if _depth(raw) > MAX_DEPTH:
            raise ParseError(_("请求内容嵌套过深。"))
        return super().parse(io.BytesIO(raw), media_type, parser_context)


def _depth(raw: bytes) -> int:
    """The deepest nesting of ``[``/``{`` outside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest
