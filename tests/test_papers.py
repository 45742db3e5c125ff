"""Merging entries into papers: identity, stable slugs, links found in abstracts."""

from __future__ import annotations

import re

from generator.digest import parse_digest
from generator.model import Severity
from generator.papers import extract_links, identity_key, merge_papers, paper_slug

ABSTRACT = "We study {} in depth. Our experiments on many benchmarks show clear gains over strong baselines."


def digest(name: str, *pairs: tuple[str, str]):
    text = "\n\n".join(["new", "Subscribe", "Aug 27", *[x for pair in pairs for x in pair]])
    parsed, problems = parse_digest(text, f"content/digests/{name}.txt", name)
    assert problems == []
    return parsed


def test_titles_differing_in_case_spacing_punctuation_or_unicode_form_are_one_paper():
    variants = ["Self-Play Fine-Tuning", "self-play  fine-tuning", "Self Play: Fine-Tuning!", "SELF-PLAY FINE-TUNING"]
    assert len({identity_key(v) for v in variants}) == 1
    assert identity_key("Re\u0301sume\u0301 Learning") == identity_key("Résumé Learning")  # NFD vs NFC
    assert identity_key("Ｆｕｌｌｗｉｄｔｈ") == identity_key("Fullwidth")  # compatibility form


def test_different_titles_stay_different_papers():
    assert identity_key("Résumé Learning") != identity_key("Resume Learning")
    assert identity_key("🚀") != identity_key("🔥")
    assert identity_key("🚀") != ""


def test_symbols_that_name_a_different_paper_keep_papers_apart():
    pairs = [
        ("C++ Tricks for Agents", "C# Tricks for Agents"),
        ("C++ Tricks for Agents", "C Tricks for Agents"),
        ("Q*: Planning", "Q: Planning"),
        ("Mamba+", "Mamba"),
        ("∞-Bench", "Bench"),
    ]
    for one, other in pairs:
        assert identity_key(one) != identity_key(other), (one, other)
        assert paper_slug(identity_key(one)) != paper_slug(identity_key(other)), (one, other)
    # ... while case, spacing, dashes, colons, quotes and Unicode form still merge.
    same = ["Q*: Planning", "q*  planning", "Q* — Planning", "Q*-Planning", "“Q*” Planning", "Ｑ＊： Planning"]
    assert len({identity_key(t) for t in same}) == 1
    papers, problems = merge_papers(
        [
            digest(
                "000",
                ("C++ Tricks for Agents", ABSTRACT.format("c++")),
                ("C# Tricks for Agents", ABSTRACT.format("c#")),
            )
        ]
    )
    assert problems == [] and [p.title for p in papers] == ["C# Tricks for Agents", "C++ Tricks for Agents"]


def test_slugs_are_ascii_stable_and_never_shared():
    ascii_slug = paper_slug(identity_key("Resume Learning"))
    accented = paper_slug(identity_key("Résumé Learning"))
    assert ascii_slug == "resume-learning"
    assert accented.startswith("resume-learning-") and accented != ascii_slug
    assert paper_slug(identity_key("Résumé Learning")) == accented  # same input, same slug
    for title in ["🚀🔥", "大型语言模型", "למידה עמוקה", "..", "-", "CON", "index", "A" * 300]:
        slug = paper_slug(identity_key(title))
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert slug not in {"con", "index", ""} and len(slug) <= 90


def test_merge_keeps_every_digest_and_shows_the_newest_entry():
    old = digest("000", ("Scaling Laws", ABSTRACT.format("scaling")), ("Other Paper", ABSTRACT.format("other")))
    new = digest("001", ("scaling laws", ABSTRACT.format("scaling")))
    papers, problems = merge_papers([old, new])
    assert problems == []
    assert [p.slug for p in papers] == ["other-paper", "scaling-laws"]
    scaling = papers[1]
    assert scaling.digests == ("000", "001")
    assert scaling.title == "scaling laws"  # the newest digest's spelling is shown
    assert [e.source for e in scaling.entries] == ["content/digests/000.txt", "content/digests/001.txt"]


def test_conflicting_abstracts_warn_and_the_newest_digest_wins():
    old = digest("000", ("Scaling Laws", ABSTRACT.format("the old text")))
    new = digest("001", ("Scaling Laws", ABSTRACT.format("the new text")))
    papers, problems = merge_papers([old, new])
    assert papers[0].abstract == ABSTRACT.format("the new text")
    assert len(problems) == 1
    warning = problems[0]
    assert warning.severity is Severity.WARNING
    assert (warning.source, warning.line) == ("content/digests/000.txt", 9)
    assert "differs from the one at content/digests/001.txt:9, which is shown" in warning.message


def test_adding_a_digest_never_changes_an_existing_slug():
    first = digest("000", ("Resume Learning", ABSTRACT.format("a")), ("Zeta", ABSTRACT.format("z")))
    second = digest("001", ("Résumé Learning", ABSTRACT.format("b")), ("resume learning", ABSTRACT.format("a")))
    before = {p.key: p.slug for p in merge_papers([first])[0]}
    after = {p.key: p.slug for p in merge_papers([first, second])[0]}
    assert all(after[key] == slug for key, slug in before.items())
    assert len(after) == 3 and len(set(after.values())) == 3


def test_links_are_found_trimmed_and_classified():
    text = (
        "Code at https://github.com/org/fomo_in_flux. Demo: (see https://example.org/demo_page). "
        "Data \\url{x} at https://en.wikipedia.org/wiki/Foo_(bar), and {https://etods.net/.} then "
        "https://github.com/org/fomo_in_flux again; javascript:alert(1) is not a link."
    )
    links = extract_links(text)
    assert [(link.kind, link.url) for link in links] == [
        ("Code", "https://github.com/org/fomo_in_flux"),
        ("Project page", "https://example.org/demo_page"),
        ("Project page", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("Project page", "https://etods.net/"),
    ]
