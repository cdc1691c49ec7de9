"""A real webhook receiver for the tests: an ``http.server`` on 127.0.0.1 in a thread, that
answers 500 to its first ``failures`` requests, checks every signature with the documented
``integrations.signing.verify`` and de-duplicates on ``X-Webhook-Id`` as a receiver should."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from integrations.signing import verify


@dataclass
class Receiver:
    secret: str = ""
    failures: int = 0
    requests: list[dict] = field(default_factory=list)
    #: Events handled, once each (by event id), in order.
    handled: list[dict] = field(default_factory=list)
    bad_signatures: int = 0

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                headers = {k: v for k, v in self.headers.items()}
                receiver.requests.append({"headers": headers, "body": body, "path": self.path})
                if len(receiver.requests) <= receiver.failures:
                    self._answer(500, b"temporarily down")
                    return
                if not verify(receiver.secret, headers.get("X-Webhook-Timestamp", ""), body,
                              headers.get("X-Webhook-Signature", "")):
                    receiver.bad_signatures += 1
                    self._answer(400, b"bad signature")
                    return
                event = json.loads(body)
                if event["id"] not in {e["id"] for e in receiver.handled}:
                    receiver.handled.append(event)
                self._answer(200, b"ok")

            def _answer(self, status: int, text: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/supervision"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
