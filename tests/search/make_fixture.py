#!/usr/bin/env python3
"""Write the search tests' fixture content (``content/``) from real arXiv records.

Run once by hand; its output is committed, so the tests do not need the shared corpus:

    python3 tests/search/make_fixture.py ../shared/corpora

Picks papers whose titles have the shapes a reader pastes (``Word-Word: ...``, ``$π$``, ``^``,
``*``), papers with the phrase "model merging" and papers with "model" and "merging" apart,
and filler, and writes them as three digests: one named by an ISO date, one with a yearless
date line (layout A), one without any date (layout B), through the corpus' ``make_digests.py``.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TITLES = [
    "PS-GS: Gaussian Splatting for Multi-View Photometric Stereo",
    "SkyReels-A2: Compose Anything in Video Diffusion Transformers",
    "NeSy-Route: A Neuro-Symbolic Benchmark for Constrained Route Planning in Remote Sensing",
    "$π$-Attention: Periodic Sparse Transformers for Efficient Long-Context Modeling",
    "$π^2$: Structure-Originated Reasoning Data Improves Long-Context Reasoning Ability of Large Language Models",
    "$π$-Bench: Evaluating Proactive Personal Assistant Agents in Long-Horizon Workflows",
    "S$^2$Teacher: Step-by-step Teacher for Sparsely Annotated Oriented Object Detection",
    "CD^2: Constrained Dataset Distillation for Few-Shot Class-Incremental Learning",
    "KEVER^2: Knowledge-Enhanced Visual Emotion Reasoning and Retrieval",
    "Halluverse-M^3: A multitask multilingual benchmark for hallucination in LLMs",
    "Learning to Reason Efficiently with A* Post-Training",
    "Doc-V*:Coarse-to-Fine Interactive Visual Reasoning for Multi-Page Document VQA",
    "Model Merging to Maintain Language-Only Performance in Developmentally Plausible Multimodal Models",
    "Merge to Mix: Mixing Datasets via Model Merging",
]

# One made-up paper whose title and abstract are HTML that must show as text in results.
HOSTILE_TITLE = "Reasoning <think> Tokens & <img src=x onerror=alert(1)> Titles"
HOSTILE_ABSTRACT = (
    "We study quokkaphrasing, where <script>alert(1)</script> and <img src=x onerror=alert(2)> "
    'appear in abstracts, with "quotes" & ampersands, and must never run in search results.'
)


def one_line(text: str) -> str:
    return " ".join(text.split())


def main(corpora: Path) -> None:
    with gzip.open(corpora / "arxiv_50k.jsonl.gz", "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    by_title = {one_line(r["title"]): r for r in records}
    chosen = [by_title[t] for t in TITLES]
    rng = random.Random(10)
    phrase = [r for r in records if re.search(r"model merging", one_line(r["abstract"]), re.I)]
    scattered = [
        r
        for r in records
        if re.search(r"\bmodel\b", r["abstract"], re.I)
        and re.search(r"\bmerging\b", r["abstract"], re.I)
        and not re.search(r"model\s+merging", r["abstract"], re.I)
    ]
    taken = {one_line(r["title"]) for r in chosen}
    for pool, count in ((phrase, 4), (scattered, 6), (records, 30)):
        extra = [r for r in rng.sample(pool, min(len(pool), count * 3)) if one_line(r["title"]) not in taken][:count]
        chosen += extra
        taken |= {one_line(r["title"]) for r in extra}
    rng.shuffle(chosen)
    spec = importlib.util.spec_from_file_location("make_digests", corpora / "make_digests.py")
    assert spec and spec.loader
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    digests = HERE / "content" / "digests"
    digests.mkdir(parents=True, exist_ok=True)
    third = len(chosen) // 3
    hostile = {"title": HOSTILE_TITLE, "abstract": HOSTILE_ABSTRACT}
    (digests / "2026-11-20.txt").write_text(make.render([*chosen[:third], hostile], "A", "Nov 20"), encoding="utf-8")
    (digests / "0001_dated.txt").write_text(make.render(chosen[third : 2 * third], "A", "Aug 27"), encoding="utf-8")
    (digests / "0002_undated.txt").write_text(make.render(chosen[2 * third :], "B", ""), encoding="utf-8")
    print(f"{len(chosen)} papers in 3 digests under {digests}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
