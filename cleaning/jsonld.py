"""The page's JSON-LD (schema.org) objects, from its <script type="application/ld+json">.

Readers of structured metadata (authors, dates) look for nodes by type and follow
`{"@id": …}` references to the node that holds the data: Yoast-style graphs put the
article's author in a separate Person node of the same @graph.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from lxml.html import HtmlElement


@dataclass(frozen=True)
class JsonLd:
    nodes: list[dict] = field(default_factory=list)  # every object, in document order
    by_id: dict[str, dict] = field(default_factory=dict)  # "@id" -> the fullest node with it

    def resolve(self, value: Any) -> Any:
        """A bare `{"@id": …}` reference replaced by the node it names, when the page has it."""
        if isinstance(value, dict) and isinstance(value.get("@id"), str):
            return self.by_id.get(value["@id"], value)
        return value


def parse_json_ld(blocks: Iterable[str | None]) -> JsonLd:
    """Every object of these JSON-LD blocks; a block that is not valid JSON is skipped."""
    nodes: list[dict] = []
    for block in blocks:
        try:
            data = json.loads(block or "", strict=False)  # raw newlines in strings are common
        except ValueError:
            continue
        nodes.extend(json_ld_nodes(data))
    by_id: dict[str, dict] = {}
    for node in nodes:
        node_id = node.get("@id")
        if isinstance(node_id, str) and len(node) > len(by_id.get(node_id, ())):
            by_id[node_id] = node
    return JsonLd(nodes, by_id)


def is_json_ld(script: HtmlElement) -> bool:
    """Whether a <script> element holds JSON-LD."""
    return "ld+json" in (script.get("type") or "")


def json_ld_nodes(data: Any) -> Iterator[dict]:
    """Every object in a JSON-LD document, @graph and nested lists included."""
    if isinstance(data, list):
        for item in data:
            yield from json_ld_nodes(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (list, dict)):
                yield from json_ld_nodes(data[key])


def node_types(node: dict) -> list[str]:
    """The node's @type values, casefolded ("NewsArticle" -> "newsarticle")."""
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return [v.casefold() for v in values if isinstance(v, str)]
