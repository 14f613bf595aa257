"""Pure domain rules: no I/O, no clock, no Textual. Every function takes ``now``."""
