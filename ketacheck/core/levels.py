"""How serious an alert is: the four levels, most severe first."""

from __future__ import annotations

URGENT = "urgent"
CALL_NOW = "call-now"
CALL_TODAY = "call-today"
TIP = "tip"

#: Every level, most severe first. Alerts at CALL_TODAY or above are kept as records of
#: their own and stay open until the patient resolves them; tips are only shown.
LEVELS = (URGENT, CALL_NOW, CALL_TODAY, TIP)
KEPT_LEVELS = (URGENT, CALL_NOW, CALL_TODAY)
