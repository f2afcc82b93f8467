"""S: the record's layout, checked against schemas/figure.schema.json."""
