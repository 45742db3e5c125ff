"""What ``python -m generator check`` prints is inert in a workflow log.

The GitHub runner reads every line of a job's log as a possible workflow command: a curation
``reason``, a tag name or a file name holding ``\\n::error file=...`` or ``::add-mask::`` must
not forge an annotation or mask log text, in any output format of ``check`` or in its Markdown
summary.
"""

from __future__ import annotations

import re
import shutil

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from generator.build import ContentPaths, load_site
from generator.changes import compare, render_errors, render_markdown
from generator.cli import main
from generator.model import EMPTY_SITE, Problem
from generator.report import format_problems, github_data, github_property, printable

GOLDEN_CONTENT = ROOT / "tests" / "golden" / "content"
FORGED = "\n::error file=generator/plugin.py,line=1::forged\r\n::add-mask::Reading\n##[add-mask]list"


def content_with(tmp_path, curation: str | None = None, taxonomy_tail: str | None = None):
    content = tmp_path / "content"
    shutil.copytree(GOLDEN_CONTENT, content)
    if curation is not None:
        (content / "curation" / "resume-learning-c8220010.yml").write_text(curation, encoding="utf-8")
    if taxonomy_tail is not None:
        taxonomy = content / "taxonomy.yml"
        taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + taxonomy_tail, encoding="utf-8")
    return content


def forged_commands(output: str, ours: int = 0) -> list[str]:
    """Lines a runner would take as commands, beyond the first ``ours`` lines the generator
    wrote as annotations on purpose (``::error file=.../content/...``)."""
    lines = output.split("\n")
    commands = [line for line in lines if line.lstrip().startswith("::") or "##[" in line]
    legit = [line for line in commands if re.match(r"::(error|warning) file=[^,:]*content/[^,:]*(,line=\d+)?::", line)]
    assert len(legit) == ours, legit
    return [line for line in commands if line not in legit]


def hidden_reason_content(tmp_path):
    reason = FORGED.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return content_with(tmp_path, curation=f'hidden: true\nreason: "{reason}"\n')


def test_a_hidden_reason_cannot_forge_commands_in_text_or_github_output(tmp_path):
    content = hidden_reason_content(tmp_path)
    for style in ("text", "github"):
        result = CliRunner().invoke(main, ["check", "--content-dir", str(content), "--format", style])
        assert result.exit_code == 0, result.output
        assert forged_commands(result.output) == []
        hidden = [line for line in result.output.split("\n") if line.startswith("hidden: papers/")]
        assert hidden == [
            "hidden: papers/resume-learning-c8220010 (\\n::error file=generator/plugin.py,line=1::forged"
            "\\r\\n::add-mask::Reading\\n#\\x23[add-mask]list)"
        ]


def test_a_hidden_reason_cannot_forge_commands_in_the_markdown_summary(tmp_path):
    site = load_site(ContentPaths(ROOT, hidden_reason_content(tmp_path)))
    summary = render_markdown(compare(EMPTY_SITE, site), "main\n::error::x")
    assert forged_commands(summary) == []
    assert "forged" in summary and "add-mask" in summary  # shown, inert


def test_a_tag_name_with_a_line_break_is_an_error_and_its_annotation_stays_one_line(tmp_path):
    tail = f'  - name: "{FORGED.replace(chr(10), chr(92) + "n").replace(chr(13), chr(92) + "r")}"\n'
    tail += "    description: A tag whose name forges commands.\n    rules:\n      title:\n        - 'x'\n"
    content = content_with(tmp_path, taxonomy_tail=tail)
    result = CliRunner().invoke(main, ["check", "--content-dir", str(content), "--format", "github"])
    assert result.exit_code == 1
    assert forged_commands(result.output, ours=1) == []
    assert "expected a tag name on one line" in result.output
    errors = render_errors([Problem("content/taxonomy.yml", 3, f"found {FORGED}")], "main")
    assert forged_commands(errors) == []


def test_file_names_and_messages_are_escaped_as_github_documents():
    problem = Problem("content/curation/a,b:c%\n::x.yml", 2, "50% done\r\n::add-mask::x")
    [line] = format_problems([problem], "github")
    assert line == "::error file=content/curation/a%2Cb%3Ac%25\\n%3A%3Ax.yml,line=2::50%25 done\\r\\n::add-mask::x"
    [text] = format_problems([problem], "text")
    assert "\n" not in text and text.startswith("content/curation/")


@given(st.text())
def test_untrusted_text_never_leaves_its_line(text):
    shown = printable(text)
    assert not any(c in shown for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029")
    assert "##[" not in shown
    for escaped in (github_data(shown), github_property(shown)):
        assert "\n" not in escaped and "\r" not in escaped
    assert "," not in github_property(shown) and ":" not in github_property(shown)
