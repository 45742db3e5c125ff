"""Parser tests: both layouts, header and date lines, and every error the parser reports."""

from __future__ import annotations

import pytest

from conftest import SEED
from generator.digest import decode, parse_digest

ABSTRACT = "We study how {} changes the behaviour of large models. Our experiments on many benchmarks show clear gains over strong baselines."
HEADER_A = [
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
    "Aug 27",
]
HEADER_B = ["Get trending papers in your email inbox once a day!", "Get trending papers in your email inbox!"]


def layout_a(*lines: str) -> str:
    return "\n\n".join([*HEADER_A, *lines]) + "\n"


def layout_b(first_title: str, *lines: str) -> str:
    return "\n".join([*HEADER_B, "Subscribe" + first_title, *lines]) + "\n"


def parse(text: str, name: str = "d"):
    return parse_digest(text, f"content/digests/{name}.txt", name)


def test_layout_a_pairs_titles_with_abstracts_and_keeps_the_date_without_a_year():
    digest, problems = parse(layout_a("Paper One", ABSTRACT.format("one"), "Paper Two", ABSTRACT.format("two")))
    assert problems == []
    assert digest.layout == "A"
    assert digest.date == "Aug 27"
    assert [(e.title, e.abstract) for e in digest.entries] == [
        ("Paper One", ABSTRACT.format("one")),
        ("Paper Two", ABSTRACT.format("two")),
    ]
    # Lines are the file's own 1-based lines: header (6 lines, each followed by a blank) first.
    assert [(e.line, e.abstract_line) for e in digest.entries] == [(13, 15), (17, 19)]


def test_layout_a_without_daily_papers_line():
    text = "\n\n".join(
        [
            "new",
            "Get trending papers in your email inbox!",
            "Subscribe",
            "byAK and the research community",
            "Mar 11",
            "T",
            ABSTRACT.format("t"),
        ]
    )
    digest, problems = parse(text)
    assert problems == [] and digest.date == "Mar 11" and [e.title for e in digest.entries] == ["T"]


def test_layout_b_unglues_the_first_title_and_has_no_date():
    digest, problems = parse(
        layout_b(
            "OOVs in the Spotlight: How to Inflect them?", ABSTRACT.format("a"), "Second Paper", ABSTRACT.format("b")
        )
    )
    assert problems == []
    assert digest.layout == "B"
    assert digest.date is None
    assert [e.title for e in digest.entries] == ["OOVs in the Spotlight: How to Inflect them?", "Second Paper"]
    assert [e.line for e in digest.entries] == [3, 5]


def test_a_digest_named_with_an_iso_date_gets_that_full_date():
    digest, problems = parse(layout_a("T", ABSTRACT.format("t")).replace("Aug 27", "Nov 20"), name="2026-11-20")
    assert digest.date == "2026-11-20" and problems == []


def test_a_date_line_that_disagrees_with_the_file_name_is_a_warning():
    digest, problems = parse(layout_a("T", ABSTRACT.format("t")), name="2026-11-20")
    assert digest.date == "2026-11-20"
    assert [(p.severity.value, p.line) for p in problems] == [("warning", 11)]
    assert "expected the date line to match the file name '2026-11-20', found 'Aug 27'" in problems[0].message


@pytest.mark.parametrize("name", ["2026-13-45", "2026-02-30", "2026-12-1"])
def test_a_name_meant_as_a_date_that_is_not_one_is_a_warning(name):
    digest, problems = parse(layout_a("T", ABSTRACT.format("t")), name=name)
    assert digest.date == "Aug 27"
    assert [(p.severity.value, p.line) for p in problems] == [("warning", 0)]
    assert problems[0].message.startswith(
        f"expected a file name that is a real date written YYYY-MM-DD (2026-08-27) or no date at all, found {name!r}"
    )
    assert problems[0].message.endswith("; dated by its date line and the year it was added")
    assert parse(layout_a("T", ABSTRACT.format("t")), name="2026-11-20-b")[1] == []  # not a date: fine


@pytest.mark.parametrize(
    "name, layout, entries, date",
    [
        ("000_b6c0b480d96c99fc", "A", 85, "Aug 27"),
        ("001_ff7b949db9a3c997", "A", 83, "Mar 11"),
        ("002_cab565073a067d4e", "A", 85, "Jun 6"),
        ("003_261fa63a629f490e", "A", 87, "May 13"),
        ("004_c63ee49f8c2010d6", "B", 245, None),
    ],
)
def test_real_digests_parse_without_problems(name, layout, entries, date):
    text, problems = decode((SEED / "digests" / f"{name}.txt").read_bytes(), name)
    digest, more = parse_digest(text, name, name)
    assert problems + more == []
    assert (digest.layout, len(digest.entries), digest.date) == (layout, entries, date)
    # Every non-blank line after the header is a title or an abstract of some entry.
    body = [line.strip() for line in text.split("\n") if line.strip()]
    header = 2 if layout == "B" else body.index(date) + 1
    assert len(body) - header == 2 * entries
    used = {e.title for e in digest.entries} | {e.abstract for e in digest.entries}
    assert all(line in used or line == "Subscribe" + digest.entries[0].title for line in body[header:])


def test_crlf_and_cr_line_endings_and_bom_parse_like_lf():
    text = layout_a("T", ABSTRACT.format("t"))
    for variant in (text.replace("\n", "\r\n"), text.replace("\n", "\r"), "\ufeff" + text):
        decoded, problems = decode(variant.encode("utf-8"), "x")
        digest, more = parse(decoded)
        assert problems + more == [] and [e.title for e in digest.entries] == ["T"]


def test_invalid_utf8_is_an_error_naming_the_line():
    data = layout_a("T", ABSTRACT.format("t")).encode("utf-8").replace(b"We study", b"We \xe9tudy")
    text, problems = decode(data, "content/digests/bad.txt")
    assert text is None
    assert len(problems) == 1 and problems[0].line == 15 and "expected UTF-8" in problems[0].message


def test_an_oversized_digest_is_rejected_before_parsing():
    text, problems = decode(b"x" * (5 * 1024 * 1024 + 1), "big.txt")
    assert text is None and "at most 5,242,880 bytes" in problems[0].message


def test_empty_and_whitespace_only_files_are_errors():
    for text in ("", " \n\t\n  \n"):
        digest, problems = parse(text)
        assert digest is None
        assert len(problems) == 1 and "found an empty file" in problems[0].message


def test_a_digest_with_only_a_header_is_an_error():
    digest, problems = parse("\n\n".join(HEADER_A))
    assert digest.entries == ()
    assert len(problems) == 1 and "expected titles and abstracts after the header" in problems[0].message


def test_a_title_without_abstract_at_the_end_is_reported_with_its_line():
    digest, problems = parse(layout_a("T", ABSTRACT.format("t"), "Lonely Title"))
    assert [e.title for e in digest.entries] == ["T"]
    assert len(problems) == 1
    assert problems[0].line == 17
    assert "expected an abstract after the title 'Lonely Title', found the end of the file" in problems[0].message


def test_a_missing_abstract_in_the_middle_is_reported_and_later_pairs_do_not_shift():
    digest, problems = parse(layout_a("First", ABSTRACT.format("1"), "Orphan Title", "Third", ABSTRACT.format("3")))
    assert [(e.title, e.abstract) for e in digest.entries] == [
        ("First", ABSTRACT.format("1")),
        ("Third", ABSTRACT.format("3")),
    ]
    assert len(problems) == 1 and problems[0].line == 17
    assert "found another title 'Third'" in problems[0].message


def test_a_missing_title_is_reported_and_later_pairs_do_not_shift():
    digest, problems = parse(
        layout_a("First", ABSTRACT.format("1"), ABSTRACT.format("orphan"), "Third", ABSTRACT.format("3"))
    )
    assert [e.title for e in digest.entries] == ["First", "Third"]
    assert len(problems) == 1 and problems[0].line == 17
    assert "expected a title, found a" in problems[0].message


def test_a_header_line_in_an_unexpected_place_is_an_error():
    digest, problems = parse(layout_a("First", ABSTRACT.format("1"), "Subscribe", "Second", ABSTRACT.format("2")))
    assert [e.title for e in digest.entries] == ["First", "Second"]
    assert len(problems) == 1 and problems[0].line == 17
    assert "found the header line 'Subscribe'" in problems[0].message


def test_a_second_date_line_in_the_body_is_an_error():
    _, problems = parse(layout_a("First", ABSTRACT.format("1"), "Sep 3", "Second", ABSTRACT.format("2")))
    assert len(problems) == 1 and "found the header line 'Sep 3'" in problems[0].message


def test_over_long_title_and_abstract_are_errors_with_their_lines():
    long_title = "A" * 501
    _, problems = parse(layout_a(long_title, ABSTRACT.format("1"), "Fine", "word " * 4001 + "end."))
    assert len(problems) == 2
    assert problems[0].line == 13 and "expected a title of at most 500 characters, found 501" in problems[0].message
    assert (
        problems[1].line == 19
        and "expected an abstract of at most 20,000 characters, found 20,009" in problems[1].message
    )


def test_every_error_of_a_file_is_reported_together():
    _, problems = parse(
        layout_a("First", ABSTRACT.format("1"), "Subscribe", "Orphan", "Second", ABSTRACT.format("2"), "Last")
    )
    assert len(problems) == 3
    assert [p.line for p in problems] == [17, 19, 25]


def test_lines_split_on_newline_only():
    title = "Form\x0cfeed and\u2028separator"
    digest, problems = parse(layout_a(title, ABSTRACT.format("t")))
    assert problems == []
    assert [e.title for e in digest.entries] == ["Formfeed and separator"]
    assert digest.removed_chars == 1


def test_a_layout_a_title_starting_with_subscribe_keeps_its_letters():
    digest, problems = parse(layout_a("Subscribers Matter: A Study", ABSTRACT.format("s")))
    assert problems == [] and [e.title for e in digest.entries] == ["Subscribers Matter: A Study"]


def test_a_long_abstract_without_its_title_is_reported_as_such():
    long_abstract = "We study a question at length. " * 20
    _, problems = parse(layout_a("First", ABSTRACT.format("1"), long_abstract.strip(), "Third", ABSTRACT.format("3")))
    assert len(problems) == 1 and problems[0].line == 17
    assert "reads as an abstract" in problems[0].message and "is its title missing" in problems[0].message


def test_a_digest_named_index_does_not_take_the_overview_page():
    from generator.digest import digest_slug

    assert digest_slug("index") != "index" and digest_slug("index").startswith("index-")
    assert digest_slug("2026-11-20") == "2026-11-20"


def test_a_layout_b_title_starting_with_subscribe_keeps_its_letters_without_the_real_glue():
    # The header has no "Subscribe" line, but the digest is not in layout B's real shape (the
    # inbox line right before the glued title): "Subscriber" must not lose "Subscribe".
    text = "new\n\nDaily Papers\n\nAug 27\n\nSubscriber Churn Prediction\n\n" + ABSTRACT.format("churn") + "\n"
    digest, problems = parse(text)
    assert problems == [] and [e.title for e in digest.entries] == ["Subscriber Churn Prediction"]
    text = "\n".join(["Daily Papers", "Subscriber Churn Prediction", ABSTRACT.format("churn")]) + "\n"
    digest, problems = parse(text)
    assert problems == [] and [e.title for e in digest.entries] == ["Subscriber Churn Prediction"]
    # In the real shape the glue goes, and only the glue: "SubscribeSubscriber ..." -> "Subscriber ...".
    digest, problems = parse(
        layout_b("Subscriber Churn Prediction", ABSTRACT.format("1"), "Second", ABSTRACT.format("2"))
    )
    assert problems == [] and [e.title for e in digest.entries] == ["Subscriber Churn Prediction", "Second"]


def test_two_missing_lines_that_balance_out_are_still_reported():
    # "Second" lost its title and "Third" its abstract; both abstracts are short and end without
    # a full stop, so the counts balance: without the check, the second abstract would become a
    # title and "Third" its abstract.
    short = "A short abstract without a final stop"
    digest, problems = parse(
        layout_a("First", ABSTRACT.format("1"), short, "Third Paper Title", "Fourth", ABSTRACT.format("4"))
    )
    assert [p.line for p in problems] == [17, 19]  # both places where a line went missing
    assert "found another title 'Third Paper Title'" in problems[0].message
    assert "found another title 'Fourth'" in problems[1].message
    assert [(e.title, e.abstract) for e in digest.entries] == [
        ("First", ABSTRACT.format("1")),
        ("Fourth", ABSTRACT.format("4")),
    ]
