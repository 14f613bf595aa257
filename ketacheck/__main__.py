"""Allows ``python -m ketacheck``."""

from ketacheck.cli import main

raise SystemExit(main())
