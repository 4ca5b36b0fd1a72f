"""The limits of the public contract, shared by the facade, the HTTP parameters and the CLI.

Each is written once here, so that the command line and the HTTP service refuse the same input
with the same bounds, and their help texts quote them.
"""

from __future__ import annotations

from datetime import date

from protokoll.ingest.errors import InvalidInput

# A question or search text: enough for any question, short enough to keep a request cheap.
MAX_QUERY_CHARS = 500
# Passages per search.
SEARCH_K_MAX = 50
# Decisions per listing. One page of a theme rarely holds more, and facets count the whole set
# whatever the page size.
DECISIONS_K_MAX = 100
# Free-text filters over HTTP.
MAX_BODY_CHARS = 200
MAX_THEME_CHARS = 500
MAX_OUTCOME_CHARS = 100
# The default largest file the admin upload accepts (PROTOKOLL_UPLOAD_MAX_BYTES).
UPLOAD_MAX_BYTES = 20_000_000
# Passages an answer is looked for in.
ASK_PASSAGES = 8
# The shortest admin token the service starts with: shorter ones can be guessed.
MIN_ADMIN_TOKEN = 16
# A URL (path and query) and all request headers together; longer requests are refused with the
# error shape before any route sees them. A search URL with every filter is far below both.
MAX_URL_BYTES = 8 * 1024
MAX_HEADER_BYTES = 32 * 1024


def checked_query(query: str) -> str:
    """The question without surrounding space; empty or overlong questions are refused."""
    query = query.strip()
    if not query:
        raise InvalidInput("Frågan är tom.")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(f"Frågan är för lång (högst {MAX_QUERY_CHARS} tecken).")
    return query


def checked_range(date_from: date | None, date_to: date | None) -> None:
    """A date range that ends before it starts is refused."""
    if date_from and date_to and date_from > date_to:
        raise InvalidInput("Startdatum ligger efter slutdatum.")
