"""What to read next: related papers by their words, more in a tag, the digest's neighbours.

Pure, no I/O. ``related_papers`` ranks, for every paper, the papers whose titles and abstracts
are most alike: scikit-learn's ``TfidfVectorizer`` (single words, sublinear term frequency,
English stop words; on large sites, words in one paper only or in more than ``MAX_DF`` of them
dropped and each paper reduced to its ``TERMS_PER_PAPER`` strongest words) and cosine similarity,
computed as sparse matrix products over blocks of ``BLOCK_ROWS`` rows, keeping each row's top
``k`` from the product's non-zeros only. Time and memory stay near-linear in the number of
papers (``bench/related.py``: about 17 CPU seconds and 0.4 GB at 50,000 papers). Word pairs are
left out on purpose: they made vectorizing five times slower and twice as large for little
gain. The result is deterministic: papers are taken in slug order and ties go to the smaller
slug.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .memo import Table
from .model import Digest, Paper

RELATED = 4
BLOCK_ROWS = 1024
MIN_SIMILARITY = 0.02
TERMS_PER_PAPER = 24
MAX_DF = 0.05  # on large sites: words in more than this share of papers say little about relatedness
LARGE = 1000  # from this many papers on: rare and common words dropped, each paper's strongest words only


def related_papers(
    papers: Sequence[Paper], k: int = RELATED, words: Table[str, tuple[str, ...]] | None = None
) -> dict[str, tuple[str, ...]]:
    """Return ``{slug: up to k slugs of the most similar other papers, most similar first}``.

    Similarity is the cosine of TF-IDF vectors of title and abstract (the title counted twice);
    pairs below ``MIN_SIMILARITY`` are not related. Fewer than two papers, or no word worth
    counting: no related papers. ``words`` (a serve session's ``memo.Memo.words``) remembers
    each paper's words (lower-cased, stop words removed), which are most of the time taken.
    """
    ordered = sorted(papers, key=lambda p: p.slug)
    found: dict[str, tuple[str, ...]] = {p.slug: () for p in ordered}
    if len(ordered) < 2:
        return found
    try:
        vectors = _vectorizer(len(ordered), words).fit_transform(
            [f"{p.title}. {p.title}. {p.abstract}" for p in ordered]
        )
    except ValueError:  # no word left after stop words and document-frequency limits
        return found
    vectors = sparse.csr_matrix(vectors, dtype=np.float32)
    if len(ordered) >= LARGE:
        vectors = _strongest_terms(vectors, TERMS_PER_PAPER)
    transposed = vectors.T.tocsr()
    for start in range(0, len(ordered), BLOCK_ROWS):
        scores = sparse.csr_matrix(vectors[start : start + BLOCK_ROWS] @ transposed)
        for row, similar in enumerate(_top_k(scores, start, k)):
            found[ordered[start + row].slug] = tuple(ordered[i].slug for i in similar)
    return found


def _strongest_terms(vectors: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Keep each row's ``keep`` largest weights and scale rows back to unit length: the product
    of two such matrices then has few non-zeros, which keeps ranking near-linear."""
    indptr, data = vectors.indptr, vectors.data
    for row in range(vectors.shape[0]):
        start, end = indptr[row], indptr[row + 1]
        if end - start > keep:
            weights = data[start:end]
            cut = np.partition(weights, end - start - keep)[end - start - keep]
            weights[weights < cut] = 0.0
    vectors.eliminate_zeros()
    return sparse.csr_matrix(normalize(vectors), dtype=np.float32)


def _vectorizer(count: int, words: Table[str, tuple[str, ...]] | None = None) -> TfidfVectorizer:
    """The vectorizer for ``count`` papers; with ``words``, its analyzer (the one the plain
    vectorizer uses: lower case, word tokens, English stop words out) is remembered per text."""
    large = count >= LARGE
    limits = {"min_df": 2 if large else 1, "max_df": MAX_DF if large else 1.0}
    if words is None:
        return TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32, **limits)
    analyze = TfidfVectorizer(stop_words="english").build_analyzer()

    def remembered(text: str) -> tuple[str, ...]:
        return words.get(text, lambda: tuple(analyze(text)))

    return TfidfVectorizer(analyzer=remembered, sublinear_tf=True, dtype=np.float32, **limits)


def _top_k(scores: sparse.csr_matrix, start: int, k: int) -> list[list[int]]:
    """The column indices of each row's ``k`` best scores among its non-zeros (the row's own
    paper, ``start + row``, left out), best first, ties by the smaller index; scores under
    ``MIN_SIMILARITY`` left out."""
    result = []
    for row in range(scores.shape[0]):
        lo, hi = scores.indptr[row], scores.indptr[row + 1]
        columns, values = scores.indices[lo:hi], scores.data[lo:hi]
        keep = (columns != start + row) & (values >= MIN_SIMILARITY)
        columns, values = columns[keep], values[keep]
        if len(values) > k:  # the k best and any tied with the k-th, then a full order of those
            kth = np.partition(values, len(values) - k)[len(values) - k]
            best = values >= kth
            columns, values = columns[best], values[best]
        order = np.lexsort((columns, -values))[:k]
        result.append([int(i) for i in columns[order]])
    return result


def digest_neighbours(
    papers_by_digest: Mapping[str, Sequence[Paper]], digests: Sequence[Digest]
) -> dict[str, tuple[Digest, Paper | None, Paper | None]]:
    """Return ``{slug: (digest, previous paper, next paper)}`` within the newest digest that lists
    each paper, in that digest's order (``Structure.papers_by_digest``); ``None`` at either end."""
    found: dict[str, tuple[Digest, Paper | None, Paper | None]] = {}
    for digest in digests:  # oldest first: a newer digest replaces an older one
        listed = papers_by_digest[digest.name]
        for i, paper in enumerate(listed):
            before = listed[i - 1] if i > 0 else None
            after = listed[i + 1] if i + 1 < len(listed) else None
            found[paper.slug] = (digest, before, after)
    return found
