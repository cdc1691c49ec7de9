"""What agencies owe the procuratorate besides replies (issue 19), through the portal.

Six flows, each a module of the same name in every conventional place of the app
(``models/``, ``services/``, ``selectors/``, ``permissions/``, ``forms/``, ``views/``,
``api/``, ``wiring/``; the liaison's pages in ``portal/views/<flow>.py``):

* ``transfer_notices`` — an administrative organ's notice that it transferred a suspected
  crime to the police (seed 003 §9, seed 002 §5);
* ``situation_reports`` — an agency's report of a major situation (seed 004 §7);
* ``commutation`` — commutation, parole and temporary service outside prison proposals and the
  procuratorate's opinion (seed 003 §11, seed 000 §8; 刑事诉讼规则 art. 635);
* ``material_requests`` — material an investigation asks of an agency (seed 000 §7, seed 002
  §13);
* ``clue_feedback`` — the receiving organ's feedback on a transferred clue, early involvement
  and returns for supplementary investigation (seed 000 §8, seed 002 §5 and §7);
* ``meetings`` — joint meetings and case consultations with their tasks (seed 000 §8, seed 001
  §3).

The layer sits above ``recommendations`` (a wrong commutation ruling leads to an instrument)
and below the portal and reporting, which show and count what the flows register in
:mod:`duties.registry`.
"""
