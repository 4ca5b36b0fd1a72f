"""What a search asks for: the query and its filters, as one record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Mode = Literal["dense", "lexical", "hybrid"]


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """A query with its filters. `dense_text` (e.g. the query with typos corrected) is what the
    model encodes when given; `month`/`day` match those of any year; `protocols` (ids) narrows
    the search to the documents a question names, before any passage is ranked; `fast_queries`
    lets a search's ranking use the faster query encoder a service switches to."""

    query: str
    k: int = 10
    date_from: date | None = None
    date_to: date | None = None
    body: str | None = None
    mode: Mode = "hybrid"
    dense_text: str | None = None
    month: int | None = None
    day: int | None = None
    protocols: tuple[str, ...] | None = None
    # A search's own ranking may use the faster query encoder (Embedder.encode_queries); the
    # passages an answer is drawn from use the settings' one, as a fresh CLI process does.
    fast_queries: bool = False

    @property
    def filtered(self) -> bool:
        return bool(
            self.date_from or self.date_to or self.body or self.month or self.day
            or self.protocols is not None
        )  # fmt: skip


EXAMPLE_REQUEST = SearchRequest(
    query="vem ersatte Karin Torstenson?",
    k=5,
    date_from=date(2023, 1, 1),
    body="Läns-gemensam ledning",
    dense_text="vem ersatte Karin Torstensson?",
)
