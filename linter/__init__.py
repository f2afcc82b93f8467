"""The engine: documents, configuration, running rules, fixing, reporting. Knows no single rule."""
