"""Classes set on widgets that may not be styled yet.

A screen drawn from its data before it is mounted (Home, see its ``compose``) sets its
widgets' classes while they are still being made: Textual styles each widget once when
it joins the screen, so there is nothing to restyle then; afterwards every change
restyles the widget and what is inside it, as ``set_class`` always does.
"""

from __future__ import annotations

from textual.dom import DOMNode


def set_class(node: DOMNode, add: bool, *names: str) -> None:
    """Add ``names`` to ``node``'s classes (or remove them); restyle it only if it has
    been styled already."""
    node.set_class(add, *names, update=node.is_attached)
