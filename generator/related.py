"""What to read next: related papers by their words, more in a tag, the digest's neighbours.

Pure, no I/O. ``related_papers`` ranks, for every paper, the papers whose titles and abstracts
are most alike: scikit-learn's ``TfidfVectorizer`` (words and word pairs, sublinear term
frequency, English stop words, as arxiv-sanity does; on large sites, terms in more than 5% of
papers dropped and each paper reduced to its ``TERMS_PER_PAPER`` strongest terms) and cosine
similarity, computed as sparse matrix products over blocks of rows that keep only each row's
top ``k``, so time and memory stay near-linear in the number of papers (``bench/related.py``
measures it). The result is
deterministic: papers are taken in slug order and ties go to the smaller slug.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .model import Digest, Paper

RELATED = 5
MORE_IN_TAG = 5
BLOCK_ROWS = 512
MIN_SIMILARITY = 0.02
TERMS_PER_PAPER = 24
LARGE = 1000  # from this many papers on: rare terms only, each paper's strongest terms only


def related_papers(papers: Sequence[Paper], k: int = RELATED) -> dict[str, tuple[str, ...]]:
    """Return ``{slug: up to k slugs of the most similar other papers, most similar first}``.

    Similarity is the cosine of TF-IDF vectors of title and abstract (the title counted twice);
    pairs below ``MIN_SIMILARITY`` are not related. Fewer than two papers: no related papers.
    """
    ordered = sorted(papers, key=lambda p: p.slug)
    if len(ordered) < 2:
        return {p.slug: () for p in ordered}
    vectors = _vectorizer(len(ordered)).fit_transform([f"{p.title}. {p.title}. {p.abstract}" for p in ordered])
    vectors = vectors.astype(np.float32).tocsr()
    if len(ordered) >= LARGE:
        vectors = _strongest_terms(vectors, TERMS_PER_PAPER)
    transposed = vectors.T.tocsr()
    found: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(ordered), BLOCK_ROWS):
        scores = (vectors[start : start + BLOCK_ROWS] @ transposed).toarray()
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
    return normalize(vectors)


def _vectorizer(count: int) -> TfidfVectorizer:
    return TfidfVectorizer(
        ngram_range=(1, 2),
        sublinear_tf=True,
        stop_words="english",
        min_df=2 if count >= LARGE else 1,
        max_df=0.05 if count >= LARGE else 1.0,
        max_features=200_000,
        dtype=np.float32,
    )


def _top_k(scores: np.ndarray, start: int, k: int) -> list[list[int]]:
    """The column indices of each row's ``k`` best scores (itself excluded), best first, ties by
    the smaller index; scores under ``MIN_SIMILARITY`` left out."""
    rows = scores.shape[0]
    scores[np.arange(rows), np.arange(start, start + rows)] = -1.0
    width = min(k, scores.shape[1] - 1)
    if width <= 0:
        return [[] for _ in range(rows)]
    # argpartition finds candidates; lexsort orders them by score, then by index, for a stable tie rule.
    candidates = np.argpartition(-scores, width, axis=1)[:, : width + 1]
    result = []
    for row in range(rows):
        picked = candidates[row]
        values = scores[row, picked]
        # A tie at the boundary may be left out of the partition: take every column as good.
        threshold = np.sort(values)[::-1][width - 1] if len(values) >= width else -1.0
        tied = np.flatnonzero(scores[row] >= threshold)
        order = np.lexsort((tied, -scores[row, tied]))[:width]
        result.append([int(tied[i]) for i in order if scores[row, tied[i]] >= MIN_SIMILARITY])
    return result


def more_in_tag(paper: Paper, tag_papers: Sequence[Paper], skip: set[str], n: int = MORE_IN_TAG) -> tuple[Paper, ...]:
    """Return up to ``n`` papers of ``tag_papers`` (the paper's strongest tag, in its page's
    order) other than ``paper`` and the slugs in ``skip`` (e.g. its related papers)."""
    return tuple(p for p in tag_papers if p.slug != paper.slug and p.slug not in skip)[:n]


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
