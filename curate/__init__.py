"""curate: a data-quality and curation linter for Pathway Figure OCR records.

The installed distribution has this one top-level package. The repository keeps the engine, the
rule plugins and the JSON Schemas in ``linter/``, ``rules/`` and ``schemas/``; pyproject.toml maps
them to ``curate.linter``, ``curate.rules`` and ``curate.schemas``.
"""

__version__ = "0.1.0"
