"""G106 organism-mismatch: a gene keyword of a species that neither organism list names.

## What it finds
A keyword in the nomenclature of a species that neither ``organisms`` nor ``organisms_ner``
lists: a mouse symbol (``Trp53``, MGI) in a record about humans only, zebrafish symbols in a
record whose organisms say NA. The species comes from the sidecar's ``organism_name`` when the
keyword has rows there, else from the databases in the snapshot: HGNC for upper-case human
symbols, MGI and RGD for title-case rodent symbols. Lower-case symbols without a sidecar row
(fly or zebrafish) are not judged. Records whose two lists name nothing are left to the O rules.

## Why it matters
Species filters on the site use the organism lists; genes of an unlisted species either reveal a
missing organism or a wrong gene match (short fly and zebrafish symbols match common words).

## Example
```yaml
organisms:
- Homo sapiens
organisms_ner:
- Homo sapiens
schema-jsonld:
  keywords:
  - LRP6
  - Trp53
```

## Fix
None: add the species to the organism lists, or remove the keyword.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from curate.linter.diagnostic import Diagnostic, Severity
from curate.linter.rule import Context, FixAvailability, Rule
from curate.rules.genes.settings import data_version
from curate.rules.organisms.names import same_species, species

if TYPE_CHECKING:  # an annotation only: the document model imports the YAML parser
    from curate.linter.document import Document

DATABASES = {"human": "HGNC", "mouse": "MGI", "rat": "RGD"}
# Species whose symbols look alike: without a sidecar row any of them may own the keyword.
LOOK_ALIKE = {
    "human": ("Homo sapiens", "Bos taurus", "Gallus gallus", "Sus scrofa", "Macaca mulatta", "Canis lupus familiaris",
              "Equus caballus", "Ovis aries", "Oryctolagus cuniculus", "Pan troglodytes"),
    "mouse": ("Mus musculus", "Rattus norvegicus", "Drosophila melanogaster"),
    "rat": ("Mus musculus", "Rattus norvegicus", "Drosophila melanogaster"),
}


def check(doc: Document, options: object, context: Context) -> Iterator[Diagnostic]:
    # imported here: the gene analysis loads with the first record checked, not when rules are listed
    from curate.rules.genes.analysis.evidence import SPECIES_NAMES, analyse, evidence_of

    listed = [entry.name for field in ("organisms", "organisms_ner") for entry in species(doc, field)]
    if not listed:
        return
    analysis = analyse(doc)
    known: dict[tuple[str, ...], bool] = {}  # most keywords share one species: judge each set of names once

    def any_listed(names: tuple[str, ...]) -> bool:
        if names not in known:
            known[names] = any(same_species(name, other) for name in names for other in listed)
        return known[names]

    for keyword in analysis.keywords:
        names = analysis.organisms.get(keyword.text)
        if names:
            if not any_listed(names):
                shown = " or ".join(names)
                yield doc.diagnostic(keyword.key_path, f"{keyword.text} is a {shown} gene (the sidecar) but neither "
                                     f"organisms nor organisms_ner lists {shown}", evidence=evidence_of("species"))
        elif keyword.kind in DATABASES and not any_listed(LOOK_ALIKE[keyword.kind]):
            expected = SPECIES_NAMES[keyword.kind]
            yield doc.diagnostic(keyword.key_path, f"{keyword.text} is a {expected} gene symbol "
                                 f"({DATABASES[keyword.kind]}) but neither organisms nor organisms_ner lists "
                                 f"{expected} or a species whose symbols look alike", evidence=evidence_of("species"))


RULE = Rule(
    code="G106",
    name="organism-mismatch",
    summary="a gene keyword of a species that neither organism list names",
    severity=Severity.WARNING,
    fix=FixAvailability.NEVER,
    check=check,
    data_version=data_version,
)
