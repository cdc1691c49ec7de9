"""Wiring of the agencies' duties, one module a flow (see duties/__init__.py)."""
