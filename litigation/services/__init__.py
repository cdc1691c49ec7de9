"""The litigation services (issue 18)."""
