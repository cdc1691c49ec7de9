"""The inspections services (issue 18)."""
