"""Cleaning LaTeX leftovers and normalising characters: what a reader sees is what was meant."""

from __future__ import annotations

import pytest

from generator.model import show_count
from generator.text import MAX_URL_CHARS, clean_latex, escape_markdown, excerpt, find_urls, normalise


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("error rate is high (e.g., 90\\%)", "error rate is high (e.g., 90%)"),
        ("costs \\$0.60 per call", "costs $0.60 per call"),
        ("Mixture-of-Experts~(MoE)", "Mixture-of-Experts (MoE)"),
        ("an ``anchor'' token", 'an "anchor" token'),
        ("(1) \\textit{First survey}: we", "(1) First survey: we"),
        ("at \\url{https://etods.net/.}, where", "at https://etods.net/., where"),
        ('we introduce T\\"ULU 3, a family', "we introduce TÜLU 3, a family"),
        ("JiuZhang~2.0, a unified model", "JiuZhang 2.0, a unified model"),
        ("improves by ~3% on average", "improves by ~3% on average"),
        ("a speedup (~2x) over the baseline", "a speedup (~2x) over the baseline"),
        ("as in Figure~3 and [~5 ms]", "as in Figure 3 and [~5 ms]"),
        ("nested ``outer ``inner'' rest''", "nested ``outer \"inner\" rest''"),
        ("CoSTA* and A^* search, CoSTA* again", "CoSTA* and A^* search, CoSTA* again"),
        ("<think> and <answer> tags, {\\ours}'s", "<think> and <answer> tags, {\\ours}'s"),
        ("see https://x.org/~user/fomo_in_flux~v2 now", "see https://x.org/~user/fomo_in_flux~v2 now"),
    ],
)
def test_clean_latex(raw, cleaned):
    assert clean_latex(raw) == cleaned


def test_normalise_removes_invisible_and_control_characters_and_counts_them():
    text, removed = normalise("\u202eevil\u202c ti\u200btle\x00 with\x1b[31m ansi\ufeff")
    assert text == "evil title with[31m ansi"
    assert removed == 6


def test_normalise_makes_nfc_and_collapses_whitespace():
    text, removed = normalise("  Re\u0301sume\u0301\tlearning\u2028now  ")
    assert text == "Résumé learning now" and removed == 0


def test_escape_markdown_leaves_no_ascii_punctuation():
    escaped = escape_markdown("a*b_c <d> [e](f) `g` #h")
    assert not any(c in escaped for c in "*_<>[]()`") and escaped.count("&#") == 11


def test_excerpt_cuts_at_a_sentence_or_word_and_says_so():
    assert excerpt("Short.") == "Short."
    long = "This is the first sentence of a long abstract about models. " + "More words follow here. " * 20
    assert excerpt(long) == "This is the first sentence of a long abstract about models."
    abbreviations = (
        "Agents act in a live computer environment (e.g. Web pages, i.e. Sites) as Smith et al. Show. " + "More. " * 30
    )
    assert (
        excerpt(abbreviations)
        == "Agents act in a live computer environment (e.g. Web pages, i.e. Sites) as Smith et al. Show."
    )
    run_on = "word " * 100
    cut = excerpt(run_on)
    assert cut.endswith("…") and len(cut) <= 161 and not cut[:-1].endswith(" ")


@pytest.mark.parametrize(
    "text, urls",
    [
        ("Code: “https://github.com/a/b”.", ["https://github.com/a/b"]),
        ("代码见 https://github.com/a/b。我们开源", ["https://github.com/a/b"]),
        ("see https://github.com/a/b’s page", ["https://github.com/a/b"]),
        ("«https://x.org/a» and 「https://x.org/b」", ["https://x.org/a", "https://x.org/b"]),
        ("(see https://x.org/a_(b)_c).", ["https://x.org/a_(b)_c"]),
        ("at https://etods.net/.}, where", ["https://etods.net/"]),
        ("https://de.wikipedia.org/wiki/Größe is kept", ["https://de.wikipedia.org/wiki/Größe"]),
        ("HTTPS://X.ORG/A, then", ["HTTPS://X.ORG/A"]),
        ("javascript:alert(1) www.x.org mailto:a@b.org ftp://x.org xhttps://x.org", []),
        ("https://" + "a" * MAX_URL_CHARS + ".org is too long to link", []),
    ],
)
def test_find_urls(text, urls):
    assert [text[start:end] for start, end in find_urls(text)] == urls


@pytest.mark.parametrize(
    ("count", "number", "shown"),
    [
        (1, "{}", "1 paper"),
        (0, "{}", "0 papers"),
        (12345, "{}", "12,345 papers"),
        (2, "<strong>{}</strong>", "<strong>2</strong> papers"),
    ],
)
def test_counts_take_the_form_of_their_number(count, number, shown):
    assert show_count(count, "paper", number) == shown
