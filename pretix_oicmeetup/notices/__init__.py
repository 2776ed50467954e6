"""Telling attendees about changes: which version of the announcement each registration knows
(``versions``), what the notice says (``wording``) and sending it (``tasks``)."""
