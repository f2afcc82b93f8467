"""G: genes, the symbols of ``schema-jsonld.keywords`` judged against HGNC, FamPlex, WikiPathways and the sidecar."""
