"""Rules: one module per family of findings, each a range of stable codes (see `registry`)."""
