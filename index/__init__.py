"""The index of a data folder: what is stored, and searching it.

- `index.py`: `Index`, the one entry point (reads, searches, writes), composing the parts below;
  `records.py`: what it hands out (`Hit`, `IndexSettings`, `Status`).
- `catalog/`: SQLite, the source of truth, and the only place with SQL.
- `backends/`: where the vectors live (a local Chroma folder, or a Chroma server that also holds
  the catalog's records and a write lease), chosen by `open_backend`.
- `write.py`: the two-phase write, deletion, moved files, clean-up after a crash.
- `search/`: request, dense and lexical candidates, fusion, spelling suggestions.
- `derived.py`: the lexical index and vector matrix, cached in `DATA/derived/`.
- `decisions.py`, `themes.py`: decisions by theme. `upkeep.py`: stored terms and facts redone
  after a newer analyzer or extractor. `analysis.py`: Swedish lexical analysis. `embedding/`: the
  model. `lock.py`: one process per local data folder.
"""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
