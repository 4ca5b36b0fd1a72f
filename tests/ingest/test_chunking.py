from protokoll.index.embedding import Embedder
from protokoll.ingest.chunking import chunk_protocol, embedding_header
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import read_document

from ..conftest import EXAMPLES, SEEDS


def all_protocols() -> list:
    files = sorted(EXAMPLES.glob("exempel_*")) + sorted(SEEDS.glob("*.txt"))
    return [parse_protocol(read_document(f), str(f)) for f in files]


def test_chunks_are_exact_slices_that_never_cross_a_section() -> None:
    for p in all_protocols():
        chunks = chunk_protocol(p)
        assert chunks
        for c in chunks:
            assert p.text[c.start : c.end] == c.text
            inside = [s for s in p.sections if s.start <= c.start and c.end <= s.end]
            assert len(inside) == 1, (p.source, c.start, c.end)
            assert inside[0].number == c.section_number


def test_chunk_ids_are_deterministic() -> None:
    p = all_protocols()[0]
    assert [c.id for c in chunk_protocol(p)] == [c.id for c in chunk_protocol(p)]


def test_embedded_chunks_fit_the_models_window(embedder: Embedder) -> None:
    # e5 truncates at 512 tokens; header + chunk must fit so nothing is silently dropped.
    longest = 0
    for p in all_protocols():
        for c in chunk_protocol(p):
            longest = max(
                longest, embedder.max_tokens(f"passage: {embedding_header(p, c)}\n{c.text}")
            )
    assert longest < 512, longest
