"""curate: a data-quality and curation linter for Pathway Figure OCR records."""

__version__ = "0.1.0"
