"""C: cross-field consistency: identifiers derived from one another must agree."""
