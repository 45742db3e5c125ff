/* The reader's reading list of the ML Papers Reading List.
 *
 * Reading list: star and mark-as-read buttons in every `span.rl-actions` hook the generator
 * writes (paper pages and list items; each takes the paper's slug and title from where it is:
 * the list item's link, the paper page's address and heading), kept in this browser's
 * localStorage under "reading-list:v1": no request is ever made. Read papers are dimmed in
 * lists.
 * The "My list" page (`div.rl-my-list`) lists the starred papers and exports them as BibTeX
 * (the same entries the paper pages show, built from the hooks' data-rl-* attributes) and as a
 * list of links.
 *
 * Paper pages: the BibTeX entry and the look-up links go into the page's `div.rl-cite`, and the
 * edit action (opening the paper's curation file, or GitHub's new-file form with a commented
 * curation template naming the paper) goes first in the article; both from the page's own hook
 * and configuration, so that no page carries them as text.
 *
 * Digests listed since the reader's last visit (the home page's newest, the digests overview)
 * get a "New to you" badge; the days seen are kept under "reading-list:visits:v1".
 *
 * Math is typeset when the site is built (MathML in `span.math`, its TeX source in the span's
 * title); titles taken from a page keep their math as that source.
 *
 * Runs on every page view, including Material's instant navigation (document$).
 */
(function () {
  "use strict";

  var KEY = "reading-list:v1";

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return { starred: data.starred || {}, read: data.read || {} };
    } catch (err) {
      return { starred: {}, read: {} };
    }
  }

  function save(data) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(data));
    } catch (err) {
      /* storage full or disabled: the buttons still toggle for this page view */
    }
  }

  function quotePlus(text) {
    /* Python's urllib.parse.quote_plus: everything but letters, digits and _.-~ percent-encoded. */
    return encodeURIComponent(text)
      .replace(/[!'()*]/g, function (c) {
        return "%" + c.charCodeAt(0).toString(16).toUpperCase();
      })
      .replace(/%20/g, "+");
  }

  function bibtex(entry) {
    /* The entry generator/bibtex.py writes on the paper's page, from the same fields. */
    var key = entry.arxiv ? "arxiv" + entry.arxiv.replace(/[./]/g, "_") : entry.slug;
    var fields = [["title", entry.bibTitle || entry.title]];
    if (entry.year) fields.push(["year", entry.year]);
    if (entry.arxiv) {
      fields.push(["eprint", entry.arxiv]);
      fields.push(["archivePrefix", "arXiv"]);
    }
    var url = entry.arxiv
      ? "https://arxiv.org/abs/" + entry.arxiv
      : "https://huggingface.co/papers?q=" + quotePlus(entry.title);
    fields.push(["url", url]);
    var body = fields
      .map(function (f) {
        return "  " + f[0] + " = {" + f[1] + "}";
      })
      .join(",\n");
    return "@misc{" + key + ",\n" + body + "\n}";
  }

  var LOOKUPS = [
    ["arXiv", "https://arxiv.org/search/?searchtype=title&query="],
    ["Semantic Scholar", "https://www.semanticscholar.org/search?q="],
    ["Google Scholar", "https://scholar.google.com/scholar?q="],
    ["Hugging Face", "https://huggingface.co/papers?q="]
  ];

  function curationTemplate(title) {
    /* Short: CONTRIBUTING.md explains each field. */
    return (
      "# Curation of: " + title + "\n# Optional fields (CONTRIBUTING.md):\n" +
      "# highlight: true\n# note: Why it matters\n# tags_add: [Agents]\n# tags_remove: [Agents]\n" +
      "# arxiv: 2401.10010\n# code_status: released  # or promised, or none\n"
    );
  }

  function element(tag, text) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    return e;
  }

  function cite(box, entry) {
    /* The BibTeX entry (as generator/bibtex.py writes it) and the look-up links, as text and
       attribute values only. */
    if (box.firstChild) return;
    var details = element("details");
    details.className = "quote";
    details.appendChild(element("summary", "BibTeX"));
    details.appendChild(element("pre")).appendChild(element("code", bibtex(entry)));
    var links = element("p");
    links.appendChild(element("strong", "Look it up:"));
    LOOKUPS.forEach(function (lookup, i) {
      links.appendChild(document.createTextNode(i ? " · " : " "));
      var a = links.appendChild(element("a", lookup[0]));
      a.href = lookup[1] + quotePlus(entry.title);
    });
    box.appendChild(details);
    box.appendChild(links);
  }

  function paperPage() {
    var hook = document.querySelector(".rl-paper span.rl-actions");
    if (!hook) return;
    identify(hook);
    var entry = entryOf(hook);
    document.querySelectorAll("div.rl-cite").forEach(function (box) {
      cite(box, entry);
    });
    editAction(entry, hook.closest(".rl-paper").hasAttribute("data-rl-curated"));
  }

  function editAction(entry, curated) {
    /* Material's edit action, opening the paper's curation file: GitHub's editor for it, or its
       new-file form with the file named and a commented template (generator/curation.py,
       curation_edit_url, makes the same addresses). The page's configuration gives the curation
       folder's address with {} for the action, the action's title and its icon in the sprite. */
    var config = document.getElementById("__config");
    var article = document.querySelector("article.md-content__inner");
    var found = config && JSON.parse(config.textContent).curation;
    if (!found || !article || article.querySelector('a.md-content__button[rel="edit"]')) return;
    var name = entry.slug + ".yml";
    var edit = document.createElement("a");
    edit.href = curated
      ? found[0].replace("{}", "edit") + "/" + encodeURIComponent(name)
      : found[0].replace("{}", "new") + "?filename=" + encodeURIComponent(name) +
        "&value=" + encodeURIComponent(curationTemplate(entry.title));
    edit.title = found[1];
    edit.className = "md-content__button md-icon";
    edit.rel = "edit";
    var svg = "http://www.w3.org/2000/svg";
    var icon = edit.appendChild(document.createElementNS(svg, "svg"));
    var use = icon.appendChild(document.createElementNS(svg, "use"));
    icon.setAttribute("viewBox", "0 0 24 24");
    icon.setAttribute("aria-hidden", "true");
    use.setAttribute("href", new URL("assets/icons/icons.svg", __md_scope).pathname + "#" + found[2]);
    article.insertBefore(edit, article.firstChild);
  }

  function pageOf(hook) {
    var item = hook.closest("li");
    var link = item ? item.querySelector("a[href]") : null;
    return (link ? link.href : window.location.href).split("#")[0];
  }

  function entryOf(hook) {
    var d = hook.dataset;
    return {
      slug: d.rlSlug,
      title: d.rlTitle,
      bibTitle: d.rlBibTitle || "",
      year: d.rlYear || "",
      arxiv: d.rlArxiv || "",
      url: pageOf(hook),
      starred: Date.now()
    };
  }

  function button(kind, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "rl-button rl-" + kind;
    b.setAttribute("aria-pressed", "false");
    b.setAttribute("data-rl-label", label);
    return b;
  }

  function identify(hook) {
    /* A hook names its paper by where it is: a list item by the item's first link (the last
       folder of its address, papers/<slug>/ or papers/<slug>.html, and its text), the paper
       page by its own address and heading. */
    if (hook.dataset.rlSlug) return;
    var item = hook.closest("li");
    var link = item ? item.querySelector("a[href]") : null;
    var paper = hook.closest(".rl-paper");
    var heading = paper ? paper.querySelector("h1") : null;
    var source = link || heading;
    if (!source) return;
    var path = (link || window.location).pathname.replace(/(\/index)?\.html$/, "");
    var parts = path.split("/").filter(Boolean);
    hook.dataset.rlSlug = decodeURIComponent(parts[parts.length - 1] || "");
    hook.dataset.rlTitle = sourceText(source);
  }

  function sourceText(element) {
    /* The text of element with each typeset math span as its TeX source (the span's title),
       as the paper's title is written: "$π$-Bench", not the MathML's "π-Bench". */
    var copy = element.cloneNode(true);
    copy.querySelectorAll("span.math[title]").forEach(function (span) {
      span.textContent = span.title;
    });
    return copy.textContent;
  }

  function decorate(hook) {
    identify(hook);
    if (hook.querySelector(".rl-button")) return;
    var star = button("star", "Star");
    var read = button("read", "Read");
    star.addEventListener("click", function () {
      var data = load();
      var slug = hook.dataset.rlSlug;
      if (data.starred[slug]) delete data.starred[slug];
      else data.starred[slug] = entryOf(hook);
      save(data);
      refresh();
    });
    read.addEventListener("click", function () {
      var data = load();
      var slug = hook.dataset.rlSlug;
      if (data.read[slug]) delete data.read[slug];
      else data.read[slug] = true;
      save(data);
      refresh();
    });
    hook.appendChild(star);
    hook.appendChild(read);
  }

  function show(b, on, onText, offText, onTitle, offTitle) {
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.textContent = on ? onText : offText;
    b.title = on ? onTitle : offTitle;
  }

  function refresh() {
    var data = load();
    document.querySelectorAll("span.rl-actions").forEach(function (hook) {
      var slug = hook.dataset.rlSlug;
      var starred = Boolean(data.starred[slug]);
      var read = Boolean(data.read[slug]);
      show(hook.querySelector(".rl-star"), starred, "★ Starred", "☆ Star", "Remove from My list", "Add to My list");
      show(hook.querySelector(".rl-read"), read, "✓ Read", "○ Mark read", "Mark as unread", "Mark as read");
      var item = hook.closest("li");
      if (item) item.classList.toggle("rl-is-read", read);
    });
    document.querySelectorAll("div.rl-my-list").forEach(function (box) {
      myList(box, data);
    });
  }

  function download(name, type, text) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 0);
  }

  function myList(box, data) {
    var entries = Object.keys(data.starred)
      .map(function (slug) {
        return data.starred[slug];
      })
      .sort(function (a, b) {
        return b.starred - a.starred || (a.slug < b.slug ? -1 : 1);
      });
    box.textContent = "";
    if (!entries.length) {
      var empty = document.createElement("p");
      empty.className = "rl-empty";
      empty.textContent = "No starred papers yet: press ☆ Star on a paper's page or in any list.";
      box.appendChild(empty);
      return;
    }
    var count = document.createElement("p");
    count.className = "rl-count";
    count.textContent = entries.length + (entries.length === 1 ? " starred paper" : " starred papers") + ", newest first.";
    box.appendChild(count);
    var tools = document.createElement("p");
    tools.className = "rl-tools";
    var bib = button("export-bibtex", "BibTeX");
    bib.textContent = "Download BibTeX";
    bib.addEventListener("click", function () {
      download("reading-list.bib", "application/x-bibtex", entries.map(bibtex).join("\n\n") + "\n");
    });
    var links = button("export-links", "Links");
    links.textContent = "Download links";
    links.addEventListener("click", function () {
      var text = entries
        .map(function (e) {
          return e.title + "\n" + e.url;
        })
        .join("\n\n");
      download("reading-list.txt", "text/plain", text + "\n");
    });
    tools.appendChild(bib);
    tools.appendChild(document.createTextNode(" "));
    tools.appendChild(links);
    box.appendChild(tools);
    var list = document.createElement("ul");
    list.className = "rl-starred";
    entries.forEach(function (e) {
      var item = document.createElement("li");
      var a = document.createElement("a");
      a.href = /^https?:\/\//.test(e.url) ? e.url : "#";
      a.textContent = e.title;
      item.appendChild(a);
      item.appendChild(document.createTextNode(" "));
      var hook = document.createElement("span");
      hook.className = "rl-actions";
      hook.dataset.rlSlug = e.slug;
      hook.dataset.rlTitle = e.title;
      if (e.bibTitle) hook.dataset.rlBibTitle = e.bibTitle;
      if (e.year) hook.dataset.rlYear = e.year;
      if (e.arxiv) hook.dataset.rlArxiv = e.arxiv;
      item.appendChild(hook);
      list.appendChild(item);
    });
    box.appendChild(list);
    list.querySelectorAll("span.rl-actions").forEach(decorate);
    list.querySelectorAll("span.rl-actions").forEach(function (hook) {
      var on = Boolean(data.read[hook.dataset.rlSlug]);
      show(hook.querySelector(".rl-star"), true, "★ Starred", "☆ Star", "Remove from My list", "Add to My list");
      show(hook.querySelector(".rl-read"), on, "✓ Read", "○ Mark read", "Mark as unread", "Mark as read");
      hook.closest("li").classList.toggle("rl-is-read", on);
    });
  }

  var VISITS = "reading-list:visits:v1";
  var VISIT_GAP_MS = 60 * 60 * 1000; // an hour without a page of digests ends a visit
  var DAY = /^\d{4}-\d{2}-\d{2}$/;

  function loadVisits() {
    /* The stored state, or null when there is none or it is not one this script writes (days
       in order and none after tomorrow, a time). */
    var tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
    try {
      var state = JSON.parse(window.localStorage.getItem(VISITS) || "null");
      var days = state && DAY.test(state.seen) && DAY.test(state.shown);
      var good = days && state.seen <= state.shown && state.shown <= tomorrow && typeof state.at === "number";
      return good ? state : null;
    } catch (err) {
      return null;
    }
  }

  function sinceLastVisit() {
    /* "New to you" on the digests (data-rl-day: the home page's newest, the digests overview)
       dated after the newest digest that an earlier visit showed. The state, kept under VISITS,
       is the newest day an earlier visit showed (seen), the newest this visit shows (shown) and
       when a page of digests was last shown (at); a visit ends after VISIT_GAP_MS without one.
       The first visit marks nothing: it starts on a page showing the site's newest digest
       (data-rl-newest), the home page or the digests overview's first page. A badge goes first
       in a list item ("New to you Daily Papers, 27 Aug 2026 — ..."), last in the heading. */
    var dated = Array.prototype.filter.call(document.querySelectorAll("[data-rl-day]"), function (e) {
      return DAY.test(e.getAttribute("data-rl-day"));
    });
    var latest = document.querySelector("[data-rl-day][data-rl-newest]");
    var state = loadVisits();
    if (!dated.length || (!state && !latest)) return;
    var newest = dated.reduce(function (day, e) {
      var own = e.getAttribute("data-rl-day");
      return own > day ? own : day;
    }, "");
    var now = Date.now();
    state = state || { seen: newest, shown: newest, at: now };
    if (now - state.at > VISIT_GAP_MS && state.shown > state.seen) state.seen = state.shown;
    if (newest > state.shown) state.shown = newest;
    state.at = now;
    try {
      window.localStorage.setItem(VISITS, JSON.stringify(state));
    } catch (err) {
      /* storage full or disabled: nothing is marked on the next visit */
    }
    dated.forEach(function (e) {
      if (e.getAttribute("data-rl-day") <= state.seen || e.querySelector(".rl-new-to-you")) return;
      var badge = element("span", "New to you");
      badge.className = "rl-badge rl-new-to-you";
      badge.title = "Listed since your last visit";
      if (e.tagName === "LI") {
        e.insertBefore(document.createTextNode(" "), e.firstChild);
        e.insertBefore(badge, e.firstChild);
      } else {
        e.appendChild(document.createTextNode(" "));
        e.appendChild(badge);
      }
    });
  }

  function init() {
    paperPage();
    document.querySelectorAll("span.rl-actions").forEach(decorate);
    refresh();
    sinceLastVisit();
  }

  window.addEventListener("storage", function (event) {
    if (event.key === KEY) refresh();
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
