"""A tagged PDF's structure tree and marked content, read with pikepdf for the tests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf


@dataclass
class Element:
    tag: str
    obj: Any
    parent: Element | None
    children: list[Element] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    annotations: list[Any] = field(default_factory=list)

    def walk(self) -> list[Element]:
        found = [self]
        for child in self.children:
            found += child.walk()
        return found

    def tags(self) -> list[str]:
        return [child.tag for child in self.children]


@dataclass
class Tree:
    pdf: pikepdf.Pdf
    root: Element
    # Per page: the MCIDs marked in its content stream, and the artifacts by their /Type.
    marked: list[list[int]]
    artifacts: list[Counter[str]]

    def elements(self, tag: str | None = None) -> list[Element]:
        return [e for e in self.root.walk() if tag is None or e.tag == tag]

    def reached(self) -> set[tuple[int, int]]:
        return {mcid for element in self.root.walk() for mcid in element.mcids}


def read_tree(path: Path) -> Tree:
    pdf = pikepdf.open(path)
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}

    def kids(obj: Any) -> list[Any]:
        k = obj.get("/K")
        if k is None:
            return []
        return list(k) if isinstance(k, pikepdf.Array) else [k]

    def read(obj: Any, parent: Element | None) -> Element:
        element = Element(str(obj.get("/S", "/StructTreeRoot")), obj, parent)
        page = obj.get("/Pg")
        for kid in kids(obj):
            if isinstance(kid, int):
                element.mcids.append((pages[page.objgen], int(kid)))
            elif kid.get("/Type") == "/MCR":
                element.mcids.append((pages[kid.get("/Pg", page).objgen], int(kid.MCID)))
            elif kid.get("/Type") == "/OBJR":
                element.annotations.append(kid.Obj)
            else:
                element.children.append(read(kid, element))
        return element

    marked: list[list[int]] = []
    artifacts: list[Counter[str]] = []
    for page in pdf.pages:
        found, kinds = [], Counter[str]()
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and str(operands[0]) == "/Artifact":
                kinds[str(operands[1].get("/Type", ""))] += 1
            elif str(operator) == "BMC" and str(operands[0]) == "/Artifact":
                kinds[""] += 1
            elif str(operator) == "BDC" and "/MCID" in operands[1]:
                found.append(int(operands[1].MCID))
        marked.append(found)
        artifacts.append(kinds)
    return Tree(pdf, read(pdf.Root.StructTreeRoot, None), marked, artifacts)
