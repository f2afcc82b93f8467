"""O: organisms, the species a figure is about (``organisms``) and the species of its genes (``organisms_ner``)."""
