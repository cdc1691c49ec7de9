"""Nothing of the suits is in the Django admin: they are case content, which the system
administrators do not read (three separated administrators, issue 15). The period rules and
instrument types this app adds are edited where every rule and type is."""
