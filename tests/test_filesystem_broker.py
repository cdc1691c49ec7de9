"""The embedded mode's broker hands a worker whole messages only (config/filesystem_broker.py):
kombu's own transport let a worker read a message file the producer had created but not yet
written (an empty body: ``JSONDecodeError``, the worker dies)."""

from __future__ import annotations

import os
import threading

from django.conf import settings
from kombu import Connection

from config.filesystem_broker import Transport


def _connection(folder) -> Connection:
    return Connection("filesystem://", transport=Transport, transport_options={
        "data_folder_in": str(folder), "data_folder_out": str(folder),
        "store_processed": False})


def test_a_filesystem_url_chooses_it_and_a_redis_url_does_not():
    from config.celery_app import app

    assert isinstance(Connection("filesystem://").transport, Transport)
    assert not isinstance(Connection("redis://127.0.0.1:1/0").transport, Transport)
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        with app.connection_for_write() as connection:
            assert isinstance(connection.transport, Transport)


def test_a_message_appears_only_once_written_whole(tmp_path, monkeypatch):
    seen_before_rename = []
    real_replace = os.replace

    def replace(src, dst):
        seen_before_rename.append(sorted(p.name for p in tmp_path.iterdir()
                                         if p.name.endswith(".msg")))
        assert os.path.getsize(src) > 0
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with _connection(tmp_path) as connection:
        channel = connection.default_channel
        channel._put("q", {"body": "x" * 10_000})
        assert seen_before_rename == [[]]
        assert channel._get("q") == {"body": "x" * 10_000}


def test_a_consumer_racing_the_producer_reads_every_message(tmp_path):
    count = 400
    received, errors = [], []
    with _connection(tmp_path) as producer, _connection(tmp_path) as consumer:
        put, get = producer.default_channel._put, consumer.default_channel._get

        def consume():
            while len(received) < count and not errors:
                try:
                    received.append(get("q")["n"])
                except Exception as exc:  # noqa: BLE001 — the queue's Empty, or the race
                    if type(exc).__name__ != "Empty":
                        errors.append(exc)

        thread = threading.Thread(target=consume)
        thread.start()
        for n in range(count):
            put("q", {"n": n, "pad": "y" * 50_000})
        thread.join(timeout=60)
    assert errors == []
    assert sorted(received) == list(range(count))
