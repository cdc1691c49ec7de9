"""kombu's filesystem transport (the embedded mode's broker), with each message written whole
before a consumer can see it.

kombu's ``Channel._put`` creates ``<time>_<uuid>.<queue>.msg`` and then writes into it; a
worker listing the folder in between moves and reads an empty file and dies on
``JSONDecodeError: Expecting value`` (celery/kombu#1551; seen in our worker tests on a busy
machine). Here the message is written under a name no consumer reads (a dot first, ``.part``
last) and renamed into place: a rename in one folder is atomic, so a consumer sees the whole
message or nothing. Reading is kombu's own. ``config/celery_app.py`` makes it the transport of
every ``filesystem://`` URL (kombu's alias table), so a Redis URL is untouched.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = os.path.join(self.data_folder_out, f".{name}.part")
        try:
            with open(partial, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
