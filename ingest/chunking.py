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

from protokoll.ingest.records import Chunk, Protocol, chunk_id_for

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


def chunk_protocol(
    protocol: Protocol, chunk_size: int = 1100, chunk_overlap: int = 150
) -> list[Chunk]:
    splitter = make_splitter(chunk_size, chunk_overlap)
    chunks: list[Chunk] = []
    for section in protocol.sections:
        body = protocol.text[section.start : section.end]
        for doc in splitter.create_documents([body]):
            piece = doc.page_content
            # Trim blank edges while keeping offsets exact.
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if len(piece.replace(" ", "")) < _MIN_CHARS:
                continue
            start = section.start + int(doc.metadata["start_index"]) + lead
            end = start + len(piece)
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
                )
            )
    return chunks


def embedding_header(protocol: Protocol, chunk: Chunk) -> str:
    """Context the chunk text alone lacks (which meeting, which date, which item).

    Prepended to the text that is embedded and lexically indexed, never to the text shown.
    """
    parts = [protocol.title]
    if protocol.date and protocol.date.isoformat() not in protocol.title:
        parts.append(protocol.date.isoformat())
    if chunk.section_number:
        parts.append(f"punkt {chunk.section_number} {chunk.section_title}")
    elif chunk.section_title and chunk.section_title != "Inledning":
        parts.append(chunk.section_title)
    return " – ".join(parts)
