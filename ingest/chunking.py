"""Structure-aware chunking: a chunk never crosses an item/§ boundary.

Each section is split on its own with langchain's recursive splitter (paragraphs first, then
lines, sentences, words). Offsets are mapped back into the protocol text, so
`protocol.text[chunk.start:chunk.end] == chunk.text`.

Sizes are in characters. With the XLM-R tokenizer, Swedish protocol prose runs at about 3.6
characters per token (measured on the seeds and the example protocols), so 1,100 characters
plus the citation header stays well inside e5's 512-token window; see docs/quality.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from protokoll.ingest.lexicon import lexicon
from protokoll.ingest.records import Chunk, Protocol, chunk_id_for
from protokoll.ingest.text import is_toc_line

if TYPE_CHECKING:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

_MIN_CHARS = 12  # a chunk of less than this many non-blank characters carries no content


def make_splitter(chunk_size: int, chunk_overlap: int) -> RecursiveCharacterTextSplitter:
    # Imported here: langchain costs ~0.2 s, and a search process never chunks.
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
        add_start_index=True,
        strip_whitespace=False,
    )


CONTEXT_SEPARATOR = " › "
MAX_PARENTS = 2  # headings above a section's own: with its title, at most three in a context
_TOC_HEADINGS = lexicon().toc_headings


def _is_toc_heading(title: str) -> bool:
    return title.strip().strip("#*_ :").lower() in _TOC_HEADINGS


def _content_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of text[start:end] that are not table-of-contents lines, as offsets."""
    spans: list[tuple[int, int]] = []
    pos, span_start = start, start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl + 1
        if is_toc_line(text[pos:line_end].rstrip("\n")):
            if pos > span_start:
                spans.append((span_start, pos))
            span_start = line_end
        pos = line_end
    if end > span_start:
        spans.append((span_start, end))
    return spans


def _has_content(text: str) -> bool:
    return len("".join(text.split())) >= _MIN_CHARS


def chunk_protocol(
    protocol: Protocol, chunk_size: int = 1100, chunk_overlap: int = 150
) -> list[Chunk]:
    """The protocol's passages. A section that is only a heading gives no chunk: its title is
    carried in the `context` of the content below it, as is a section's own title in its pieces
    after the first (which holds the heading line itself). A table of contents gives none."""
    splitter = make_splitter(chunk_size, chunk_overlap)
    text = protocol.text
    chunks: list[Chunk] = []
    parents: list[str] = []  # the last run of heading-only sections
    run_open = False  # the previous section was heading-only: a new one extends the run
    run_start = run_end = 0  # where that run stands in the text
    for section in protocol.sections:
        if _is_toc_heading(section.title):
            continue  # the table of contents, with everything up to the next section
        own_title = section.kind != "preamble"
        heading_end = section.start
        if own_title:
            nl = text.find("\n", section.start, section.end)
            line_end = section.end if nl < 0 else nl + 1
            # A title that only starts its line ("Följande ledamöter har deltagit i beslutet:
            # Carl-Oskar Bohlin (M), …") heads no content of its own: the line is the content.
            only_title = len(text[section.start : line_end].strip()) <= len(section.title) + 3
            heading_end = line_end if only_title else section.start
        spans = _content_spans(text, heading_end, section.end)
        if not any(_has_content(text[a:b]) for a, b in spans):
            if own_title and section.kind != "attendance":
                parents = [*parents, section.title] if run_open else [section.title]
                run_start = run_start if run_open else section.start
                run_end, run_open = section.end, True
            continue
        # The first piece keeps its heading in place, and the run of headings right above it
        # too ("Stockholm den 28 mars 2019 / På näringsutskottets vägnar" over the names), so
        # every heading is quoted once in a passage's text and carried in the context after.
        first = run_start if run_open and run_end == section.start else section.start
        run_open = False
        if own_title and spans and spans[0][0] == heading_end:
            spans[0] = (first, spans[0][1])
        above = [t for t in parents[-MAX_PARENTS:] if t != section.title]
        for span_start, span_end in spans:
            for doc in splitter.create_documents([text[span_start:span_end]]):
                piece = doc.page_content
                # Trim blank edges while keeping offsets exact.
                lead = len(piece) - len(piece.lstrip())
                piece = piece.strip()
                start = span_start + int(doc.metadata["start_index"]) + lead
                end = start + len(piece)
                holds_heading = own_title and start <= section.start
                if not _has_content(piece) or (holds_heading and end <= heading_end):
                    continue  # too short, or a heading line split off from its content
                context = above if holds_heading or not own_title else [*above, section.title]
                chunks.append(
                    Chunk(
                        id=chunk_id_for(protocol.id, protocol.version, start, end),
                        protocol_id=protocol.id,
                        text=piece,
                        start=start,
                        end=end,
                        section_number=section.number,
                        section_title=section.title,
                        page=protocol.page_at(start),
                        context=CONTEXT_SEPARATOR.join(context),
                    )
                )
    return chunks


# How `embedding_header` composes the text a passage is embedded as. Bump it when that changes:
# a new reading then embeds every passage again instead of keeping vectors whose text reads the
# same under the new recipe but was embedded under the old one (index/write.py `_kept`).
EMBEDDING_TEXT = "1"


def embedding_header(protocol: Protocol, chunk: Chunk) -> str:
    """Context the chunk text alone lacks (which meeting, which date, which headings above it).

    Prepended to the text that is embedded and lexically indexed, never to the text shown.
    """
    parts = [protocol.title]
    if protocol.date and protocol.date.isoformat() not in protocol.title:
        parts.append(protocol.date.isoformat())
    # The headings above the chunk's own section; its own title follows as the section label.
    above = chunk.context.split(CONTEXT_SEPARATOR) if chunk.context else []
    parts.extend(h for h in above if h != chunk.section_title)
    if chunk.section_number:
        parts.append(f"punkt {chunk.section_number} {chunk.section_title}")
    elif chunk.section_title and chunk.section_title != "Inledning":
        parts.append(chunk.section_title)
    return " – ".join(parts)
