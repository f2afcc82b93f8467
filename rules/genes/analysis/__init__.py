"""The gene analysis behind the G rules: the kinds of evidence about each keyword, and what weighs them.

- :mod:`.evidence`: reads the record once (keywords, sidecar routes, species) and holds the shared
  :class:`~.evidence.Analysis`; the hand-written judgements of the routes live here too;
- :mod:`.definitions`: what the caption defines a word as (``p27, a cyclin-dependent kinase inhibitor``);
- :mod:`.keywords_only`: judgements for records without a sidecar (alias clusters, runs of one word's genes);
- :mod:`.conclusions`: pathway context, foreign figures and non-coding loci;
- :mod:`.features`: every keyword's named evidence as numbers;
- :mod:`.weighing`: the two fitted logistic models (``weights.json``) that turn them into a probability.

The rule modules import this package when they check a record, never when rules are listed.
"""
