from .inspections import Finding, Inspection

__all__ = ["Finding", "Inspection"]
