"""A strict little HTML tree for tests: every non-void element must close, in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "source", "wbr"}
SVG_EMPTY = {"rect", "line", "path", "circle"}  # written self-closed ("<rect/>") inside inline SVG


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def all_text(self) -> str:
        return "".join(self.text) + "".join(c.all_text() for c in self.children)

    def walk(self) -> list[Node]:
        found = [self]
        for child in self.children:
            found += child.walk()
        return found

    def find(self, tag: str, **wanted: str) -> list[Node]:
        return [
            n
            for n in self.walk()
            if n.tag == tag
            and all(wanted[k] in n.attrs.get(k, "").split() or wanted[k] == n.attrs.get(k) for k in wanted)
        ]


class Tree(HTMLParser):
    """A strict little tree builder: every non-void element must close, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.doctype: str | None = None
        self.problems: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attributes})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attributes}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack[-1].tag != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1].tag}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].text.append(data)


def parse_tree(page: str) -> Tree:
    """The tree of an HTML page or fragment; fails the test if an element is left open or closed out of order."""
    tree = Tree()
    tree.feed(page)
    tree.close()
    assert tree.problems == []
    assert [n.tag for n in tree.stack] == ["#root"], "unclosed elements"
    return tree


def rows(node: Node) -> list[list[str]]:
    """The text of each cell, row by row, of the tables under ``node``."""
    return [[cell.all_text() for cell in tr.children if cell.tag in ("td", "th")] for tr in node.find("tr")]
