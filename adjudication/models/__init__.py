from .attendance import NOTICE_DAYS, Attendance

__all__ = ["NOTICE_DAYS", "Attendance"]
