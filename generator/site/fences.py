"""How the site's Markdown converter writes a ```` ```mermaid ```` block.

As ``<pre class="casebook-diagram" data-search-exclude>`` holding the escaped Mermaid text: the
theme's own Mermaid support looks for ``pre.mermaid`` and would fetch the library from a CDN for
it, so the class is ours (the site's script draws it with the vendored copy); and the search
index has no use for diagram source, so the search plugin skips the block.
"""

from __future__ import annotations

from typing import Any

from pymdownx.superfences import fence_code_format

DIAGRAM_CLASS = "casebook-diagram"


def diagram(source: str, language: str, class_name: str, options: Any, md: Any, **kwargs: Any) -> str:
    """pymdownx.superfences custom-fence formatter (see `custom_fences` in mkdocs.yml)."""
    html: str = fence_code_format(source, language, DIAGRAM_CLASS, options, md, **kwargs)
    return html.replace("<pre ", "<pre data-search-exclude ", 1)
