"""One module per group of commands; each handler takes a Context and returns the exit code."""
