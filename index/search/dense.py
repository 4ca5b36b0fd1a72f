"""Dense candidates: Chroma's HNSW index for a whole-index query, and exact numpy scoring over
the stored vectors for filtered queries, for hybrid candidates the HNSW search did not
return, and for every query where loading the HNSW index would cost more than scoring all
vectors (a one-shot `protokoll search`, a service's first requests).

Filters are applied here, not as a Chroma `where`: SQLite pre-filtering takes up to seconds at
100k chunks, while exact numpy scoring of the allowed chunks takes milliseconds and has perfect
recall (docs/quality.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from protokoll.index.backends.chroma import EF_SEARCH, VectorStore

if TYPE_CHECKING:
    from protokoll.index.derived import DerivedIndexes

# The HNSW search breadth of an unfiltered dense query (a new collection's ef_search).
DENSE_BREADTH = EF_SEARCH


def dense_candidates(
    derived: DerivedIndexes,
    vectors: VectorStore,
    qvec: np.ndarray,
    n: int,
    mask: np.ndarray | None,
    exact: bool = False,
) -> dict[str, float]:
    """The top-n chunks by cosine similarity (among the masked ones, with a mask); `exact`
    scores every vector instead of asking the HNSW index."""
    if exact:
        return dict(exact_dense(derived, qvec, n, mask))
    if mask is not None:
        return dict(filtered_dense(derived, vectors, qvec, n, mask))
    # Chroma searches with ef = max(ef_search, n_results). A collection made with the breadth as
    # its ef_search gets it without returning 500 results through chromadb's Python layer; one
    # made before (ef_search 200) gets it by asking for more results than we keep. Both give
    # the same top n (docs/quality.md).
    breadth = n if vectors.ef_search >= DENSE_BREADTH else max(n, DENSE_BREADTH)
    return dict(vectors.query(qvec, breadth)[:n])


def filtered_dense(
    derived: DerivedIndexes, vectors: VectorStore, qvec: np.ndarray, n: int, mask: np.ndarray
) -> list[tuple[str, float]]:
    """Top-n dense among the masked chunks. A broad filter (over a fifth of a large index)
    post-filters a wide HNSW search, since copying and scoring a third of 100k vectors
    costs more than the whole query (docs/quality.md); a selective one, or a wide search
    that kept too few, is scored exactly."""
    total, allowed = len(mask), int(np.count_nonzero(mask))
    if total > 20_000 and allowed > total // 5:
        # Wide enough that ~10n allowed chunks are expected among the results: a third
        # of that kept recall@10 at 0.989 at 100k, with queries losing 3 of 10.
        breadth = min(total, max(2 * DENSE_BREADTH, 10 * n * total // allowed))
        pos = derived.lexical.position
        kept = [(c, s) for c, s in vectors.query(qvec, breadth) if c in pos and mask[pos[c]]]
        if len(kept) >= n:
            return kept[:n]
    return exact_dense(derived, qvec, n, mask)


def exact_dense(
    derived: DerivedIndexes, qvec: np.ndarray, n: int, mask: np.ndarray | None
) -> list[tuple[str, float]]:
    """Exact top-n cosine among the masked chunks, or all (numpy over the kept vectors)."""
    matrix = derived.dense_matrix
    rows = np.arange(len(matrix)) if mask is None else np.flatnonzero(mask)
    if not rows.size or n <= 0:
        return []
    # Copying most of the matrix costs more than scoring all of it; a boolean mask copies
    # the allowed rows about twice as fast as an index array.
    if mask is None:
        sims = matrix @ qvec
    elif rows.size > len(matrix) // 3:
        sims = (matrix @ qvec)[rows]
    else:
        sims = matrix[mask] @ qvec
    n = min(n, rows.size)
    top = np.argpartition(-sims, n - 1)[:n]
    top = top[np.argsort(-sims[top], kind="stable")]
    ids = derived.lexical.chunk_ids
    return [(ids[int(rows[i])], float(sims[i])) for i in top]


def complete_dense(
    derived: DerivedIndexes, dense: dict[str, float], candidates: list[str], qvec: np.ndarray
) -> None:
    """Add the exact similarity of the candidates `dense` lacks (found only lexically), so that
    fusion weighs every candidate on both signals."""
    lex = derived.lexical
    missing = [lex.position[c] for c in candidates if c not in dense]
    if missing:
        sims = derived.dense_matrix[missing] @ qvec
        for pos, sim in zip(missing, sims.tolist(), strict=True):
            dense[lex.chunk_ids[pos]] = sim
