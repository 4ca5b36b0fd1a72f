"""The catalog: SQLite, the source of truth for protocols, sections, people, chunks, facts and
decisions. Chroma (vectors) and the lexical index are derived from it.

`Catalog` is one connection whose methods are grouped by what they store: protocol versions and
their replication (`versions.py`, which also explains the two-phase write), protocols
(`protocols.py`), chunks (`chunks.py`), facts (`facts.py`) and decisions (`decisions.py`). Every
SQL statement of the project is in this package.
"""

from protokoll.index.catalog.base import stored_generation
from protokoll.index.catalog.chunks import ChunksCatalog
from protokoll.index.catalog.decisions import DecisionsCatalog
from protokoll.index.catalog.facts import FactsCatalog
from protokoll.index.catalog.protocols import ProtocolsCatalog
from protokoll.index.catalog.rows import ChunkRow, DecisionRow
from protokoll.index.catalog.schema import SCHEMA
from protokoll.index.catalog.versions import VersionsCatalog


class Catalog(VersionsCatalog, ProtocolsCatalog, ChunksCatalog, FactsCatalog, DecisionsCatalog):
    """The catalog of one data folder (`DATA/catalog.sqlite`)."""


__all__ = ["SCHEMA", "Catalog", "ChunkRow", "DecisionRow", "stored_generation"]
