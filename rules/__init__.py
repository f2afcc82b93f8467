"""Built-in rule plugins, one module per rule, grouped by family in sub-packages."""
