/*
 * The header search box over the Pagefind index in <site>/pagefind/ (see generator/search.py).
 *
 * - Nothing of any index loads until the reader searches. A query of TITLE_WORDS words or more
 *   first looks for a paper with exactly that title in the title index (one small file,
 *   search/titles/<n>.json; see generator/titleindex.py) and shows it at once; Pagefind then
 *   adds the other results only if it is already loaded, else on the reader's request. Other
 *   queries import pagefind.js once, then fetch only the index chunks and result fragments
 *   they need. A large site's index comes in shards (pagefind/<k>/), merged into one search
 *   that answers as one index would.
 * - Ranking: a title equal to the query (case, spacing and punctuation aside) comes first; then
 *   papers holding the query as a phrase (a quoted Pagefind search run alongside); then the rest.
 *   A query that finds nothing is retried with a long word's closest indexed spelling
 *   ("did you mean").
 * - Every text from the index (titles, tags, dates, excerpts) is plain text, put into the page
 *   as text (textContent), never as HTML; only Pagefind's <mark> highlights become elements.
 * - Markup and classes are Material's own search markup, so it looks native in light and dark;
 *   search.css, which this script loads, adds the filter bar and keeps each result short.
 */
(() => {
  "use strict";

  const ROOT = new URL("../../", document.currentScript.src); // this file is assets/search/search.js
  // The box's own style (its filter bar and results), loaded from here: a page shows none of it
  // until the reader searches, so no page's head names it.
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("search.css", document.currentScript.src).href;
  document.head.appendChild(style);
  const PAGE = 10; // results shown at once
  const CANDIDATES = 12; // best results whose titles are compared with the query
  const MAX_WORDS = 5; // longer queries search their longest words: each word costs an index chunk
  const DEBOUNCE_MS = 60;
  const FEW = 3; // fewer results than this for one or two words: look for a better spelling too
  const TITLE_SHARDS = 512; // generator/titleindex.py: SHARDS
  const TITLE_WORDS = 4; // shorter queries are topics more often than titles
  const EXCERPT_WORDS = 26; // words of a result's excerpt
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const FILTER_LABELS = { tag: "Tag", year: "Year", month: "Month" };
  const FLAG_LABELS = { "must-read": "Must-read", code: "With code" };
  const SHARD = "shard"; // the filter each shard's pages get when the index has several

  let pagefind = null; // Promise of the loaded module
  const shards = new Map(); // title index file number -> Promise of its entries
  let generation = 0; // the latest query; older answers are dropped
  let timer = 0;
  const filters = {}; // filter name -> selected value

  const $ = (selector) => document.querySelector(selector);
  const toggle = () => document.getElementById("__search");
  const input = () => $("[data-rl-search-query]");
  const list = () => $("[data-rl-search-result] .md-search-result__list");
  const meta = () => $("[data-rl-search-meta]");
  const filterBar = () => $("[data-rl-search-filters]");

  /** Import pagefind.js once (for the first query that needs it), point its result URLs at the
   *  site root, load its WebAssembly and index metadata, and merge the index's other shards
   *  (pagefind/<k>/, as many as pagefind/shards.json says: generator/search.py) into one
   *  search, each shard's pages marked with the filter SHARD (see find). Pagefind runs on the page's thread: its worker costs another download and starts
   *  slower. */
  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", ROOT).href).then(async (module) => {
        const options = { baseUrl: ROOT.pathname, excerptLength: EXCERPT_WORDS };
        const { count, everywhere } = await shardsOf();
        const shard = (k) => (count > 1 ? { mergeFilter: { [SHARD]: String(k) } } : {});
        const instance = module.createInstance({ ...options, ...shard(0), noWorker: true });
        await instance.init();
        const others = Array.from({ length: count - 1 }, (_, i) => i + 1);
        await Promise.all(
          others.map((k) => instance.mergeIndex(new URL(`pagefind/${k}/`, ROOT).pathname, { ...options, ...shard(k) })),
        );
        instance.shards = count;
        instance.holding = new Map(); // word -> Promise of the shards holding it (whichShards)
        const all = Promise.resolve(Array.from({ length: count }, (_, k) => String(k)));
        for (const word of everywhere) instance.holding.set(word, all);
        instance.search("").catch(() => {}); // loads what every search needs, finds nothing
        return instance;
      });
      pagefind.catch(() => say("Search is not available: its index is missing. Build the site to create it."));
    }
    return pagefind;
  }

  /** How many shards the index has (``count``) and the words every shard holds
   *  (``everywhere``, lower case: whichShards need not ask about them), from
   *  pagefind/shards.json, asked of the server every time (a new build may have other shards);
   *  one shard and no words when there is no such file (an index made by Pagefind alone).
   *  Rejects when it cannot be read: searching fewer shards than there are would hide results
   *  without a word. */
  async function shardsOf() {
    const response = await fetch(new URL("pagefind/shards.json", ROOT), { cache: "no-cache" });
    if (response.status === 404) return { count: 1, everywhere: [] };
    const listed = response.ok ? await response.json() : {};
    const count = listed.shards;
    if (!Number.isInteger(count) || count < 1) throw new Error(`pagefind/shards.json: ${response.status}`);
    const words = Array.isArray(listed.everywhere) ? listed.everywhere : [];
    return { count, everywhere: words.filter((word) => typeof word === "string" && /^[a-z]+$/.test(word)) };
  }

  /** Case, spacing, punctuation and symbols aside: "$π$-Attention:" -> "π attention". */
  function normalise(text) {
    return text
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  }

  function say(text) {
    meta().textContent = text;
  }

  function open() {
    const box = toggle();
    if (box && !box.checked) {
      box.checked = true;
      box.dispatchEvent(new Event("change"));
    }
  }

  /** The papers whose title equals ``query`` (by ``normalise``), from the one title index file
   *  its hash names; [] for a query of fewer than TITLE_WORDS words, under a filter, or where
   *  the browser has no Web Crypto (a page served over plain HTTP from another machine). */
  async function titleHits(query) {
    const key = normalise(query);
    if (key.split(" ").length < TITLE_WORDS || Object.keys(activeFilters()).length || !window.crypto?.subtle) return [];
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
    const shard = new DataView(digest).getUint32(0) % TITLE_SHARDS;
    if (!shards.has(shard)) {
      const address = new URL(`search/titles/${shard}.json`, ROOT);
      const entries = fetch(address)
        .then((answer) => (answer.ok ? answer.json() : []))
        .then((found) => (Array.isArray(found) ? found.filter(wellFormed) : []))
        .catch(() => {
          shards.delete(shard); // a network error: ask again next time
          return [];
        });
      shards.set(shard, entries);
    }
    const entries = await shards.get(shard);
    return entries.filter((entry) => normalise(entry.title) === key).map((entry) => fromTitleIndex(entry, key));
  }

  /** An entry with the fields a result shows, of the types they have. */
  function wellFormed(entry) {
    return (
      entry !== null &&
      typeof entry === "object" &&
      ["title", "url", "date", "excerpt"].every((field) => typeof entry[field] === "string") &&
      Array.isArray(entry.tags) &&
      entry.tags.every((tag) => typeof tag === "string")
    );
  }

  /** Pagefind's results with the papers found by title first (and not twice). */
  function withHitsFirst(hits, ranked) {
    const urls = new Set(hits.map((hit) => hit.url));
    const rest = ranked.top.filter((view) => !urls.has(view.url));
    const added = hits.length - (ranked.top.length - rest.length);
    return { top: [...hits, ...rest], more: ranked.more, count: ranked.count + added };
  }

  /** A title index entry as a result ``view`` (see ``item``); the excerpt marks the query's words. */
  function fromTitleIndex(entry, key) {
    const words = new Set(key.split(" "));
    const matches = (part) => {
      const plain = normalise(part);
      return plain !== "" && plain.split(" ").every((word) => words.has(word));
    };
    return {
      url: new URL(entry.url, ROOT).pathname,
      title: entry.title,
      date: entry.date,
      tags: entry.tags,
      mustRead: entry.must_read === true,
      excerpt: entry.excerpt
        .split(/(\s+)/)
        .map((part) => (matches(part) ? markNode(part) : document.createTextNode(part))),
    };
  }

  /** A Pagefind result's data as a result ``view``. */
  function fromPagefind(data) {
    return {
      url: data.url,
      title: data.meta.title || data.url,
      date: data.meta.date || "",
      tags: data.filters?.tag || [],
      mustRead: Boolean(data.filters?.["must-read"]),
      excerpt: excerptOf(data),
    };
  }

  /** A Pagefind result's excerpt from its abstract: the page's text starts with the title, which
   *  the result shows above the excerpt already, so the excerpt is EXCERPT_WORDS words after it,
   *  from shortly before the run of that length holding the most words the query matched there
   *  (Pagefind's ``locations``, word numbers in its ``content``; the first such run), those
   *  words marked; the abstract's first words when only the title matched. A title with math
   *  (metadata ``title`` as TeX, ``$π^2$``; its text in the page is the MathML's, ``π2``) counts
   *  as found when its words without ``$`` stand where they do in the title. Pagefind's own
   *  excerpt when the text does not start with the title. */
  function excerptOf(data) {
    const words = (data.content || "").split(/[\r\n\s]+/g);
    const title = (data.meta?.title || "").split(/\s+/).filter(Boolean);
    const skip = title.length;
    const same = (word, i) => (i < skip - 1 ? words[i] === word : words[i]?.startsWith(word));
    const starts = skip > 0 && title.every((word, i) => word.includes("$") || same(word, i));
    if (!starts || words.length <= skip) return marked(data.excerpt || "");
    const found = new Set(data.locations || []);
    const after = [...found].filter((at) => at >= skip).sort((a, b) => a - b);
    const within = (from) => after.filter((at) => at >= from && at < from + EXCERPT_WORDS).length;
    const best = after.reduce((top, at) => (within(at) > within(top) ? at : top), after[0]);
    const start = best === undefined ? skip : Math.max(skip, Math.min(best - 3, words.length - EXCERPT_WORDS));
    const end = Math.min(words.length, start + EXCERPT_WORDS);
    const parts = start > skip ? ["… "] : [];
    for (let at = start; at < end; at += 1) {
      if (at > start) parts.push(" ");
      parts.push(found.has(at) ? markNode(words[at]) : words[at]);
    }
    if (end < words.length) parts.push(" …");
    return parts.map((part) => (typeof part === "string" ? document.createTextNode(part) : part));
  }

  function close() {
    const box = toggle();
    if (box && box.checked) {
      box.checked = false;
      box.dispatchEvent(new Event("change"));
    }
    input()?.blur();
  }

  /** Symbols and punctuation as spaces ("$π$-Attention:" -> "π -Attention"): Pagefind keeps
   *  "$" and "^" in query words, while its index may have split such words apart. */
  function plainWords(query) {
    return query.replace(/[^\p{L}\p{N}\s'-]+/gu, " ").replace(/\s+/g, " ").trim();
  }

  /** At most MAX_WORDS words of ``query``, the longest, in their order: a pasted title of twelve
   *  words then fetches five index chunks instead of twelve, and still finds its paper. */
  function keyWords(query) {
    const words = query.trim().split(/\s+/);
    if (words.length <= MAX_WORDS) return query.trim();
    const longest = words
      .map((word, at) => [normalise(word).length, -at])
      .sort((a, b) => b[0] - a[0] || b[1] - a[1])
      .slice(0, MAX_WORDS)
      .map(([, at]) => -at);
    return words.filter((_, at) => longest.includes(at)).join(" ");
  }

  /** Pagefind's results for ``term`` under the selected filters (``[]`` for an empty term),
   *  from the shards that hold every word of it that the index holds (whichShards). */
  async function find(module, term) {
    if (!term.trim()) return [];
    const shards = await whichShards(module, term);
    if (shards && !shards.length) return [];
    const chosen = activeFilters();
    if (shards) chosen[SHARD] = { any: shards };
    const found = await module.search(term, { filters: chosen });
    return found ? found.results : [];
  }

  /** The shards to ask for ``term`` (null: all). Pagefind leaves out of a query the words its
   *  index lacks, so a shard without a rare word of the query would answer with pages that have
   *  only its other words, where one index for the whole site answers with the pages that have
   *  all of them. So a query of several words goes only to the shards that hold each of its
   *  words that any shard holds. */
  async function whichShards(module, term) {
    const words = term.trim().split(/\s+/);
    // A quoted phrase with a word a shard lacks finds nothing there: it needs no choosing.
    if (!(module.shards > 1) || words.length < 2 || term.trim().startsWith('"')) return null;
    let shards = null;
    for (const holding of await Promise.all(words.map((word) => shardsHolding(module, word)))) {
      if (holding.length) shards = shards ? shards.filter((k) => holding.includes(k)) : holding;
    }
    return shards && shards.length < module.shards ? shards : null;
  }

  /** The shards whose index holds ``word``, remembered for the session (known from the start
   *  for the words every shard holds: shardsOf). The search is filtered to a shard that does
   *  not exist: Pagefind then makes no result, and counts what each shard would give in
   *  totalFilters (a tenth of the time of the plain search for a common word). */
  function shardsHolding(module, word) {
    if (/^[a-z]+$/i.test(word) && module.holding.has(word.toLowerCase())) word = word.toLowerCase();
    if (!module.holding.has(word)) {
      const counted = module.search(word, { filters: { [SHARD]: "none" } }).then((found) => {
        const count = found?.totalFilters?.[SHARD] || {};
        return Object.keys(count).filter((k) => count[k] > 0);
      });
      module.holding.set(word, counted);
    }
    return module.holding.get(word);
  }

  function activeFilters() {
    const active = {};
    for (const [name, value] of Object.entries(filters)) if (value) active[name] = value;
    return active;
  }

  /** Results best first: a title equal to the query, then papers holding the query as a phrase,
   *  then the rest, each group in Pagefind's order. The query runs as typed and with its
   *  symbols as spaces (its longest words when it is long); the phrase search runs when it has
   *  two to MAX_WORDS words. */
  async function rank(module, query) {
    const typed = keyWords(query);
    const plain = keyWords(plainWords(query));
    const count = normalise(query).split(" ").length;
    const phrased = count > 1 && count <= MAX_WORDS ? `"${query.replace(/"/g, " ").trim()}"` : "";
    const [loose, spaced, phrase] = await Promise.all([
      find(module, typed),
      plain === typed ? [] : find(module, plain),
      find(module, phrased),
    ]);
    const scores = new Map();
    for (const result of [...loose, ...spaced]) {
      const best = scores.get(result.id);
      if (!best || result.score > best.score) scores.set(result.id, result);
    }
    const inPhrase = new Set(phrase.map((result) => result.id));
    const byScore = [...scores.values()].sort((a, b) => b.score - a.score);
    const merged = [
      ...byScore.filter((r) => inPhrase.has(r.id)),
      ...phrase.filter((r) => !scores.has(r.id)),
      ...byScore.filter((r) => !inPhrase.has(r.id)),
    ];
    const head = await Promise.all(merged.slice(0, CANDIDATES).map(withData));
    const wanted = normalise(query);
    const equal = head.filter((item) => normalise(item.view.title) === wanted);
    const rest = head.filter((item) => !equal.includes(item));
    const top = [...equal, ...rest];
    return {
      top: top.slice(0, PAGE).map((i) => i.view),
      more: [...top.slice(PAGE).map((i) => i.result), ...merged.slice(CANDIDATES)],
      count: merged.length,
    };
  }

  async function withData(result) {
    return { result, view: fromPagefind(await result.data()) };
  }

  /** The query with its first long word that the index lacks replaced by the closest indexed
   *  word starting like it (at most two edits away), or null: "transfromers" -> "transformers". */
  async function correct(module, query) {
    const words = query.split(/\s+/).filter(Boolean);
    for (const [i, word] of words.entries()) {
      const plain = normalise(word);
      if (plain.length < 5 || plain.includes(" ")) continue;
      if ((await find(module, word)).length >= FEW) continue;
      const better = await closest(module, plain);
      if (better && better !== plain) return [...words.slice(0, i), better, ...words.slice(i + 1)].join(" ");
    }
    return null;
  }

  async function closest(module, word) {
    for (let keep = word.length - 1; keep >= Math.max(3, Math.ceil(word.length / 2)); keep -= 1) {
      const prefix = word.slice(0, keep);
      const results = await find(module, prefix);
      if (!results.length) continue;
      const texts = await Promise.all(results.slice(0, 5).map(async (r) => (await r.data()).content));
      let best = null;
      let distance = 3;
      for (const candidate of new Set(normalise(texts.join(" ")).split(" "))) {
        const d = candidate.startsWith(prefix) ? edits(word, candidate) : distance;
        if (d < distance) [best, distance] = [candidate, d];
      }
      if (best) return best;
    }
    return null;
  }

  /** Levenshtein distance of two short words. */
  function edits(a, b) {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i += 1) {
      const next = [i];
      for (let j = 1; j <= b.length; j += 1) {
        next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      row = next;
    }
    return row[b.length];
  }

  async function search(query) {
    const mine = ++generation;
    if (!query.trim()) return render("", { top: [], more: [], count: 0 });
    const hits = await titleHits(query).catch(() => []); // then Pagefind answers alone
    if (mine !== generation) return;
    if (hits.length) {
      render(query.trim(), { top: hits, more: [], count: hits.length, titled: true });
      if (!pagefind) return; // more results when the reader asks (the button under the hits)
    }
    let module;
    try {
      module = await load();
    } catch (error) {
      if (hits.length) return; // the papers with this title stay shown
      throw error;
    }
    let ranked = await rank(module, query);
    const short = query.trim().split(/\s+/).length <= 2; // a pasted title is not misspelt
    const unsure = !hits.length && (!ranked.count || (short && ranked.count < FEW));
    const suggestion = unsure ? await correct(module, query) : null;
    let corrected = false;
    if (suggestion && !ranked.count) {
      ranked = await rank(module, suggestion);
      corrected = true;
    }
    if (mine !== generation) return;
    render(query.trim(), hits.length ? withHitsFirst(hits, ranked) : ranked, suggestion, corrected);
  }

  /** Search for what the box holds, shortly after the last keystroke. The results panel's
   *  data-state is "busy" until the answer is shown, then "done". */
  function schedule() {
    clearTimeout(timer);
    const panel = $("[data-rl-search-result]");
    panel.dataset.state = "busy";
    timer = setTimeout(() => {
      const mine = generation + 1;
      search(input().value)
        .catch(() => say("Search failed; try again."))
        .finally(() => {
          if (generation === mine) panel.dataset.state = "done";
        });
    }, DEBOUNCE_MS);
  }

  function render(query, ranked, suggestion, corrected) {
    const ol = list();
    ol.replaceChildren(...ranked.top.map(item));
    if (ranked.more.length) ol.append(moreButton(ranked.more));
    if (ranked.titled && !pagefind) ol.append(allPapersButton());
    const count = ranked.count;
    if (ranked.titled) say(`${count} paper${count === 1 ? "" : "s"} with this title`);
    else if (!query) say("Type to start searching");
    else if (!count) say(`No matching papers for “${query}”`);
    else if (corrected) say(`No papers for “${query}”; ${count} for “${suggestion}”`);
    else say(`${count} matching paper${count === 1 ? "" : "s"}`);
    if (suggestion && !corrected) meta().append(" · ", suggest(suggestion));
  }

  /** A "Did you mean" link that searches for ``suggestion``. */
  function suggest(suggestion) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "rl-search-suggestion";
    button.textContent = `Did you mean “${suggestion}”?`;
    button.addEventListener("click", () => {
      input().value = suggestion;
      input().focus();
      schedule();
    });
    return button;
  }

  /** A list item holding a button, styled as a result link (arrow keys reach it). */
  function buttonItem(label, onClick) {
    const li = document.createElement("li");
    li.className = "md-search-result__item rl-search-more";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-search-result__link";
    button.textContent = label;
    button.addEventListener("click", () => onClick(li));
    li.append(button);
    return li;
  }

  function moreButton(rest) {
    return buttonItem(`Show ${Math.min(PAGE, rest.length)} more`, async (li) => {
      const next = await Promise.all(rest.slice(0, PAGE).map(withData));
      const shown = new Set([...list().querySelectorAll("a.md-search-result__link")].map((a) => a.getAttribute("href")));
      const fresh = next.filter((i) => !shown.has(i.view.url)); // a paper found by title is shown already
      li.replaceWith(...fresh.map((i) => item(i.view)), ...(rest.length > PAGE ? [moreButton(rest.slice(PAGE))] : []));
    });
  }

  /** Under the papers found by title: search the full text of all papers for the query's words
   *  (loads Pagefind; the title's papers stay first). */
  function allPapersButton() {
    return buttonItem("Search all papers for these words", () => {
      load();
      schedule();
      input().focus();
    });
  }

  /** One result ``view`` (``fromPagefind``, ``fromTitleIndex``): Material's result markup,
   *  text only, with <mark> around matched words. */
  function item(view) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = view.url;
    link.addEventListener("click", () => setTimeout(close, 0));
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    const title = document.createElement("h1");
    title.textContent = view.title;
    const excerpt = document.createElement("p");
    excerpt.className = "rl-search-excerpt";
    excerpt.append(...view.excerpt);
    const facts = document.createElement("nav");
    facts.className = "md-tags rl-search-facts";
    if (view.date) facts.append(chip(view.date, "rl-search-date"));
    for (const tag of view.tags) facts.append(chip(tag, ""));
    if (view.mustRead) facts.append(chip("Must-read", "rl-search-flag"));
    article.append(icon, title, excerpt, facts);
    link.append(article);
    li.append(link);
    return li;
  }

  function chip(text, extra) {
    const span = document.createElement("span");
    span.className = `md-tag ${extra}`.trim();
    span.textContent = text;
    return span;
  }

  /** Nodes for a Pagefind excerpt: plain text (as the page said it, "<think>" included) with
   *  <mark> around matched words. Only those marks become elements; all else stays text. */
  function marked(excerpt) {
    return excerpt.split(/(<mark>[\s\S]*?<\/mark>)/).map((part) => {
      if (!(part.startsWith("<mark>") && part.endsWith("</mark>"))) return document.createTextNode(part);
      return markNode(part.slice(6, -7));
    });
  }

  function markNode(text) {
    const mark = document.createElement("mark");
    mark.textContent = text;
    return mark;
  }

  /* ---- Filters: values load when the reader asks for them (they are not needed to search). ---- */

  async function showFilters() {
    const bar = filterBar();
    const button = $("[data-rl-search-filter-button]");
    if (!bar.hidden) {
      bar.hidden = true;
      button.setAttribute("aria-expanded", "false");
      return;
    }
    const module = await load();
    const values = await module.filters();
    bar.replaceChildren(
      ...Object.keys(FILTER_LABELS).map((name) => select(name, values[name] || {})),
      ...Object.keys(FLAG_LABELS).map((name) => flag(name, values[name] || {})),
    );
    bar.hidden = false;
    button.setAttribute("aria-expanded", "true");
  }

  function select(name, counts) {
    const label = document.createElement("label");
    label.className = "rl-search-filter";
    label.append(`${FILTER_LABELS[name]} `);
    const box = document.createElement("select");
    box.dataset.rlFilter = name;
    box.append(new Option("any", ""));
    for (const value of sorted(name, Object.keys(counts))) {
      box.append(new Option(`${value} (${counts[value]})`, value, false, filters[name] === value));
    }
    box.addEventListener("change", () => {
      filters[name] = box.value;
      schedule();
    });
    label.append(box);
    return label;
  }

  function flag(name, counts) {
    const label = document.createElement("label");
    label.className = "rl-search-filter";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.dataset.rlFilter = name;
    box.checked = Boolean(filters[name]);
    box.disabled = !counts.yes;
    box.addEventListener("change", () => {
      filters[name] = box.checked ? "yes" : "";
      schedule();
    });
    label.append(box, ` ${FLAG_LABELS[name]}`);
    return label;
  }

  function sorted(name, values) {
    if (name === "month") return values.sort((a, b) => MONTHS.indexOf(a) - MONTHS.indexOf(b));
    if (name === "year") return values.sort().reverse();
    return values.sort((a, b) => a.localeCompare(b));
  }

  /* ---- Keyboard and focus, as Material's own search does them. ---- */

  function typing(element) {
    return element && (element.isContentEditable || /^(input|textarea|select)$/i.test(element.tagName));
  }

  function move(step) {
    const stops = [input(), ...list().querySelectorAll(".md-search-result__link")];
    const at = stops.indexOf(document.activeElement);
    const next = stops[Math.min(Math.max(at + step, 0), stops.length - 1)];
    next?.focus();
    next?.scrollIntoView?.({ block: "nearest" });
  }

  function onKey(event) {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const isOpen = toggle()?.checked;
    if (!isOpen) {
      if (["/", "s", "f"].includes(event.key) && !typing(document.activeElement)) {
        event.preventDefault();
        open();
        input().focus();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (document.activeElement?.tagName === "SELECT") return;
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    const first = list().querySelector("a.md-search-result__link");
    if (first) first.click();
  }

  /** An icon of Material's from the site's sprite (overrides/partials/icon.html). */
  const icon = (name) =>
    `<svg viewBox="0 0 24 24" aria-hidden="true"><use href="${new URL("assets/icons/icons.svg", ROOT).href}#material-${name}"></use></svg>`;

  /** The box itself, in the empty dialog the page carries (overrides/partials/search.html):
   *  Material's markup, the labels in the site's language from the dialog's data-rl-* attributes,
   *  set as attribute values (never parsed as HTML). */
  function buildBox() {
    const dialog = $("[data-rl-search]");
    if (!dialog || dialog.firstElementChild) return;
    dialog.innerHTML =
      '<label class="md-search__overlay" for="__search"></label>' +
      '<div class="md-search__inner" role="search"><form class="md-search__form" data-rl-search-form>' +
      '<input type="text" class="md-search__input" name="query" autocapitalize="off" autocorrect="off"' +
      ' autocomplete="off" spellcheck="false" data-rl-search-query required>' +
      `<label class="md-search__icon md-icon" for="__search">${icon("magnify")}${icon("arrow-left")}</label>` +
      '<nav class="md-search__options"><button type="reset" class="md-search__icon md-icon" tabindex="-1">' +
      `${icon("close")}</button></nav></form></div>`;
    const field = input();
    const placeholder = dialog.dataset.rlPlaceholder || "Search";
    field.placeholder = placeholder;
    field.setAttribute("aria-label", placeholder);
    const reset = dialog.querySelector("button[type=reset]");
    reset.title = dialog.dataset.rlReset || "Clear";
    reset.setAttribute("aria-label", reset.title);
    dialog.querySelector("nav").setAttribute("aria-label", dialog.getAttribute("aria-label") || "Search");
  }

  /** The results panel under the box (Material's markup), built once instead of in every page. */
  function buildPanel() {
    const inner = $("[data-rl-search] .md-search__inner");
    if (!inner || $("[data-rl-search-result]")) return;
    const output = document.createElement("div");
    output.className = "md-search__output";
    output.innerHTML =
      '<div class="md-search__scrollwrap" tabindex="0" data-md-scrollfix>' +
      '<div class="md-search-result" data-rl-search-result>' +
      '<div class="md-search-result__meta rl-search-bar">' +
      '<span data-rl-search-meta aria-live="polite">Type to start searching</span>' +
      '<button type="button" class="rl-search-filter-button" data-rl-search-filter-button aria-expanded="false"' +
      ' title="Narrow by tag, date, must-read and code">Filters</button></div>' +
      '<div class="rl-search-filters" data-rl-search-filters hidden></div>' +
      '<ol class="md-search-result__list" role="presentation"></ol></div></div>';
    inner.appendChild(output);
  }

  function setUp() {
    buildBox();
    const field = input();
    if (!field) return;
    buildPanel();
    field.addEventListener("focus", open);
    field.addEventListener("input", schedule);
    const form = $("[data-rl-search-form]");
    form.addEventListener("submit", onSubmit);
    form.addEventListener("reset", () => setTimeout(() => (schedule(), field.focus()), 0));
    toggle()?.addEventListener("change", () => {
      if (toggle().checked && document.activeElement !== field) field.focus();
    });
    $("[data-rl-search-filter-button]")?.addEventListener("click", () =>
      showFilters().catch(() => say("Filters are not available.")),
    );
    document.addEventListener("keydown", onKey, true);
  }

  setUp();
})();
