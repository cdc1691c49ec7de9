"""The quality services (issue 18)."""
