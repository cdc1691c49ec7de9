"""Nothing of the inspections is in the Django admin: inspections and their findings are case
content, which the system administrators do not read (three separated administrators, issue
15); every write goes through ``inspections.services``, audited."""
