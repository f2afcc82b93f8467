"""T: text of titles and captions: drift between copies, placeholders and hygiene."""
