"""The decision list (`protokoll beslut`, `GET /decisions`): the filters checked and named in
Swedish when wrong, the index's decision search, and each hit shaped with its protocol."""

from __future__ import annotations

from datetime import date
from typing import Any

from protokoll.index.index import Index
from protokoll.ingest.errors import InvalidInput, NotFound
from protokoll.ingest.extract import OUTCOMES
from protokoll.ingest.text import fold
from protokoll.service import limits, schemas, shaping
from protokoll.service.limits import checked_range


def listed_decisions(
    index: Index,
    theme: str | None,
    date_from: date | None,
    date_to: date | None,
    body: str | None,
    outcome: str | None,
    k: int,
    facets: bool,
    label: str | None,
) -> dict[str, Any]:
    """Decisions about a free-text theme (ranked by it), or all decisions newest first;
    filtered by date, body (substring, any case and diacritics), outcome and theme label."""
    if not 1 <= k <= limits.DECISIONS_K_MAX:
        raise InvalidInput(f"k måste vara mellan 1 och {limits.DECISIONS_K_MAX}.")
    checked_range(date_from, date_to)
    if outcome and not any(fold(outcome.strip()) in fold(o) for o in OUTCOMES):
        raise InvalidInput(f"Okänt utfall '{outcome}'. Välj bland: {', '.join(OUTCOMES)}.")
    labels = index.decisions.taxonomy.labels
    if label and not any(fold(label.strip()) in fold(x) for x in labels):
        raise InvalidInput(f"Okänt tema '{label}'. Teman: {', '.join(labels)}.")
    theme = theme.strip() if theme and theme.strip() else None
    bodies = index.resolve_bodies(body) if body else None
    res = index.decisions.search(
        theme, date_from, date_to, bodies, label.strip() if label else None,
        outcome.strip() if outcome else None, k,
    )  # fmt: skip
    items = []
    for hit in res.hits:
        p = index.protocol_summary(hit.stored.decision.protocol_id)
        if p is None:  # deleted between the search and now
            raise NotFound(f"Inget protokoll med id '{hit.stored.decision.protocol_id}'.")
        items.append(shaping.decision_item(hit, p))
    return schemas.DecisionsResponse(
        theme=theme,
        filters=schemas.DecisionFilters(
            date_from=date_from.isoformat() if date_from else None,
            date_to=date_to.isoformat() if date_to else None,
            body=body,
            outcome=outcome,
            label=label,
        ),
        matched_themes=res.matched_themes,
        total=res.total,
        decisions=items,
        facets=res.facets if facets else None,
    ).as_json()
