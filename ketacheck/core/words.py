"""Small wording helpers shared by every front end."""

from __future__ import annotations


def plural(n: int, noun: str) -> str:
    """``1 check-in``, ``4 check-ins``, ``2 glasses``."""
    many = noun + ("es" if noun.endswith("s") else "s")
    return f"{n} {noun if n == 1 else many}"
