"""Nothing of the hearings is in the Django admin: hearings are case content, which the system
administrators do not read (three separated administrators, issue 15), and the register of
people's supervisors is kept by each procuratorate's department heads and chief on its own
pages (``hearings/views/supervisors.py``), audited like every other write."""
