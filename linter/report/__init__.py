"""The curation report (``curate report``): aggregates of a lint run as JSON or one self-contained HTML page.

``fields`` is the per-record step run in the lint workers, ``aggregate`` counts results as they
stream in, ``render`` writes the page (with ``report.css`` and ``report.js`` inlined).
"""
