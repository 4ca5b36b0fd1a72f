"""What an answer route returns: the answer's words and the passages that support them."""

from __future__ import annotations

from dataclasses import dataclass, field

from protokoll.ingest.records import Protocol


@dataclass
class Citation:
    """A span of a protocol's text (`protocol.text[start:end]`) and where it stands."""

    protocol: Protocol
    start: int
    end: int
    section_number: str | None
    section_title: str
    page: int | None


@dataclass
class Answer:
    answer: str
    kind: str  # "fact" | "passage" | "none"
    citations: list[Citation] = field(default_factory=list)
    must_contain: tuple[str, ...] = ()  # what every quote must state (names of a fact)
    # The selector's probability that the answer is right (of the best candidate, when
    # declined), and how that is told: "hög", "medel" or "låg".
    confidence: float | None = None
    certainty: str | None = None
    # Which answer route gave it (a name in routes.ROUTES, or "passage" and "passage_typed"
    # for a sentence of the text, the latter when it holds what was asked for); not shown.
    route: str | None = None
    # Whether it cites the first passage as search ranks the question's passages (with its
    # priors): its route's share is counted apart then (confidence.py).
    first: bool = False

    @property
    def answerable(self) -> bool:
        return self.kind != "none"


EXAMPLE_ANSWER = Answer(
    answer="Karin Jilkén ersätter Karin Torstensson.",
    kind="fact",
    must_contain=("Karin Jilkén", "Karin Torstensson"),
    confidence=0.93,
    certainty="hög",
)
