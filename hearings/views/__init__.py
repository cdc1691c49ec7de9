"""The hearing pages (staff only): the list, a hearing and its steps, the register."""
