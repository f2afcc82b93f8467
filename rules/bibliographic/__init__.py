"""D: bibliographic data, the paper's DOI and year."""
