"""URLs never move: paper slugs are pinned by a golden list and by a fixed transliteration.

``tests/golden/slug_titles.txt`` holds every title of the seed digests with the slug of its
paper page. Any change to identity, LaTeX cleaning, transliteration or python-slugify that moves
one of them fails here.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from slugify import slugify

from generator.papers import identity_key, paper_slug, title_slug
from generator.text import clean_latex

GOLDEN = Path(__file__).resolve().parent / "golden" / "slug_titles.txt"


def golden_pairs() -> list[tuple[str, str]]:
    lines = GOLDEN.read_text(encoding="utf-8").split("\n")
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]


def test_the_golden_list_is_whole():
    pairs = golden_pairs()
    assert len(pairs) > 400  # the five seed digests: 493 distinct titles
    assert all(len(pair) == 2 and pair[0] and pair[1] for pair in pairs)


@pytest.mark.parametrize(("title", "slug"), golden_pairs())
def test_every_seed_paper_keeps_its_slug(title: str, slug: str):
    assert title_slug(title) == slug


def test_slugs_do_not_depend_on_the_optional_transliteration_package(monkeypatch):
    # python-slugify imports Unidecode when it is installed and text-unidecode otherwise: they
    # give different ASCII for some letters. Here a "Unidecode" that spells every non-ASCII
    # character "zz" is made importable; the slugs must not change.
    titles = ["ℵ₀ Models", "TÜLU 3", "τ^2-Bench", "Résumé Learning", "数据 Agents", "Ωmega"]
    before = [title_slug(t) for t in titles]
    other = types.ModuleType("unidecode")
    other.unidecode = lambda text: "".join(c if c.isascii() else "zz" for c in text)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "unidecode", other)
    assert slugify("Ωmega") == "zzmega"  # python-slugify now takes the other transliteration
    assert [title_slug(t) for t in titles] == before


def test_slugs_do_not_depend_on_latex_cleaning():
    # Identity reads the raw (normalised) title; clean_latex may change what readers see, never
    # the URL. These titles clean differently from how they are written.
    for title in ["A speedup (~2x) Study", "``Quoted'' Models", "Experts~(MoE) at 90\\%", 'T\\"ULU Tuning']:
        assert title_slug(title) == paper_slug(identity_key(title))
    assert title_slug('T\\"ULU Tuning') == title_slug("TÜLU Tuning")
    assert clean_latex("(~2x)") == "(~2x)"
