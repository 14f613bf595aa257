"""The ``ketacheck`` command line: parser, context, handlers, prompts and text output.

None of it imports Textual except the launcher of the full-screen app, so every command
starts fast.
"""

from ketacheck.cli.main import main

__all__ = ["main"]
