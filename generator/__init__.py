"""Static site generator for a curated reading list of machine-learning papers.

Digest files (scraped Hugging Face Daily Papers listings) in ``content/digests`` become one
Markdown page per paper, tag and digest pages and a home page, which MkDocs with the Material
theme builds into a searchable site. Modules, in the order data flows through them:

``digest`` (parse digest text) -> ``papers`` (merge, slugs, links) -> ``tags`` (taxonomy) ->
``curation`` (curators' edits) -> ``pipeline`` (assemble a ``Site``) -> ``render`` (Markdown) ->
``build`` (the only module that reads and writes files). ``plugin`` and ``cli`` are thin adapters.
"""
