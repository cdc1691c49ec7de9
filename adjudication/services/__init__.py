"""The adjudication services (issue 18)."""
