"""Moving the journal in and out: JSON export/import (versioned, schema-checked) and CSV."""
