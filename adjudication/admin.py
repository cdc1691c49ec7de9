"""Nothing of the adjudication app is in the Django admin: the records are case content, which
the system administrators do not read (three separated administrators, issue 15)."""
