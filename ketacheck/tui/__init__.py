"""The full-screen Textual app. Everything it shows is computed in core and services."""
