"""ketacheck: a calm terminal companion for the days after a ketamine infusion."""

__version__ = "0.1.0"
