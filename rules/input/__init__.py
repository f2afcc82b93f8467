"""E: input that cannot be read as a record, or that loses data while being read."""
