"""One module per screen."""

from pathlib import Path

#: The stylesheet of every screen but Home: each names it as its ``CSS_PATH``, and Textual
#: reads it when the first of them opens (Home's first frame parses only the app's own).
SCREENS_CSS = Path(__file__).resolve().parent.parent / "screens.tcss"
