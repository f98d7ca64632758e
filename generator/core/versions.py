"""Versions that key the summary cache, importable without loading spaCy (a no-change rebuild needs only these)."""

# Bump when extraction changes what it writes: every machine summary is then regenerated.
EXTRACTOR_VERSION = "1"
