"""The quality review pages."""
