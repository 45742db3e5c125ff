"""What ``mkdocs serve`` shows while the content has errors: a banner listing every problem.

Pure functions from problem lines (``str(Problem)``: ``file:line: error: expected ..., found
...``) to HTML, no I/O. The plugin puts ``banner`` at the top of every page it builds and of the
404 page; ``ERROR_INDEX`` is the home page when there is no earlier good build to show. Every
problem line is escaped: content names and messages quote untrusted text.
"""

from __future__ import annotations

import html
import re

from .model import show_count
from .render import front_matter

BANNER_ID = "reading-list-content-errors"
# Most problems listed in the banner; it is copied into every page, so a flood of errors stays
# small. The terminal running ``mkdocs serve`` lists them all.
MAX_SHOWN = 50
ERROR_INDEX = front_matter({"title": "Content errors", "search": {"exclude": True}}) + (
    "# The site could not be built\n\n"
    "The content has errors, listed above. Fix them and save: this page reloads by itself.\n"
)
# On the 404 page, which ``mkdocs serve`` sends without its live-reload script: look at the same
# URL every second and reload once it is a page, or a 404 without the banner (the content is fixed).
RELOAD_SCRIPT = """<script>
(function () {
  var marker = 'id="' + 'BANNER_ID"';
  function poll() {
    fetch(location.href, {cache: "no-store"}).then(function (response) {
      return response.text().then(function (text) {
        if (response.ok || text.indexOf(marker) < 0) { location.reload(); } else { setTimeout(poll, 1000); }
      });
    }).catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 1000);
})();
</script>""".replace("BANNER_ID", BANNER_ID)
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')
_BODY = re.compile(r"<body[^>]*>")


def banner(problems: list[str]) -> str:
    """Return the HTML banner listing ``problems`` (at most ``MAX_SHOWN``, then a count of the
    rest), each escaped; styled as a Material "failure" admonition."""
    count = show_count(len(problems), "problem")
    items = "".join(f"<li><code>{html.escape(p)}</code></li>\n" for p in problems[:MAX_SHOWN])
    if len(problems) > MAX_SHOWN:
        items += f"<li>… and {len(problems) - MAX_SHOWN} more: see the terminal running mkdocs serve.</li>\n"
    return (
        f'<div class="admonition failure" id="{BANNER_ID}" role="alert">\n'
        f'<p class="admonition-title">The site was not rebuilt: {count} in the content</p>\n'
        "<p>Fix the content and save: every open page reloads by itself. Until then, pages show the last build that worked.</p>\n"
        f"<ul>\n{items}</ul>\n</div>\n"
    )


def with_banner(page: str, banner_html: str, script: str = "") -> str:
    """Return the HTML ``page`` with ``banner_html`` at the top of its content (Material's
    article), else right after ``<body>``, else first; ``script`` goes before ``</body>``."""
    found = _ARTICLE.search(page) or _BODY.search(page)
    at = found.end() if found else 0
    page = page[:at] + "\n" + banner_html + page[at:]
    if script:
        end = page.rfind("</body>")
        page = page[:end] + script + page[end:] if end >= 0 else page + script
    return page
