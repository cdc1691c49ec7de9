"""An e-mail backend whose server fails, for tests of what survives a failed send."""

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakyBackend(LocmemBackend):
    """Fails the first ``failures`` sends of the test, then delivers to ``mail.outbox``."""

    failures = 0
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise ConnectionRefusedError("smtp relay down")
        return super().send_messages(messages)
