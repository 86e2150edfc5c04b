"""Drive a running LibreOffice through UNO as a person would: open a document, switch Track
Changes on, type, add a bullet with the toolbar's command, insert a hyperlink, edit a table,
comment, accept or reject all changes, save as Word.

`uno` imports only under Debian's /usr/bin/python3, not the project's virtualenv, so the tests
run this file as a script: `/usr/bin/python3 office_driver.py PORT STEPS.json`. Each step is a
JSON object {"do": NAME, ...}; the script prints one JSON line of results (read text, counts)
and exits non-zero with the reason when a step cannot be done (e.g. the text to edit is not
in the document), so a test never passes on an edit that did not happen.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]
from com.sun.star.text.ControlCharacter import (  # type: ignore[import-not-found]
    PARAGRAPH_BREAK,
)


class StepFailed(Exception):
    pass


def _props(**values: Any) -> tuple[Any, ...]:
    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items())


def connect(port: int, timeout: float = 60.0) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(url)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


class Session:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.smgr = ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        self.dispatcher = self.smgr.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx
        )
        self.doc: Any = None
        self.author = ""
        self.results: dict[str, Any] = {}

    # -- helpers -------------------------------------------------------------------------------

    def _dispatch(self, command: str, **args: Any) -> None:
        frame = self.doc.getCurrentController().getFrame()
        self.dispatcher.executeDispatch(frame, command, "", 0, _props(**args))

    def _find(self, text: str) -> Any:
        search = self.doc.createSearchDescriptor()
        search.SearchString = text
        search.SearchCaseSensitive = True
        found = self.doc.findFirst(search)
        if found is None:
            raise StepFailed(f"text not found in the document: {text!r}")
        return found

    def _set_author(self, name: str) -> None:
        # Tracked changes and comments carry the name of the profile's user, as in the app.
        provider = self.smgr.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", self.ctx
        )
        access = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            _props(nodepath="/org.openoffice.UserProfile/Data"),
        )
        self.author = name
        given, _, family = name.partition(" ")
        access.setPropertyValue("givenname", given)
        access.setPropertyValue("sn", family)
        access.commitChanges()

    # -- steps ---------------------------------------------------------------------------------

    def open(self, path: str, author: str = "Programme Lead") -> None:
        self._set_author(author)
        url = uno.systemPathToFileUrl(str(Path(path).resolve()))
        self.doc = self.desktop.loadComponentFromURL(url, "_blank", 0, _props(Hidden=True))
        if self.doc is None:
            raise StepFailed(f"LibreOffice could not open {path}")

    def edit_document(self) -> None:
        """Click "Edit Document" on a document that opened read-only."""
        if self.doc.isReadonly():
            self._dispatch(".uno:EditDoc")
            # The frame reloads the document editable: pick the new model up.
            self.doc = self.desktop.getCurrentComponent() or self.doc

    def track_changes(self, on: bool = True) -> None:
        self.doc.RecordChanges = on

    def replace(self, old: str, new: str, after: str | None = None) -> None:
        """Select `old` (the first one after the text `after`, if given) and type `new`."""
        if after is None:
            self._find(old).setString(new)
            return
        search = self.doc.createSearchDescriptor()
        search.SearchString = old
        search.SearchCaseSensitive = True
        found = self.doc.findNext(self._find(after).getEnd(), search)
        if found is None:
            raise StepFailed(f"text not found after {after!r}: {old!r}")
        found.setString(new)

    def append_to_paragraph(self, after: str, text: str) -> None:
        """Click at the end of the paragraph holding `after` and type `text`."""
        found = self._find(after)
        cursor = found.getText().createTextCursorByRange(found.getEnd())
        cursor.gotoEndOfParagraph(False)
        cursor.getText().insertString(cursor, text, False)

    def new_paragraph_after(self, after: str, text: str, bullet: bool = False) -> None:
        """Press Enter at the end of the paragraph holding `after`, type `text`; with `bullet`,
        press the toolbar's bullet button (direct numbering, no list style)."""
        found = self._find(after)
        body = found.getText()
        cursor = body.createTextCursorByRange(found.getEnd())
        cursor.gotoEndOfParagraph(False)
        body.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        body.insertString(cursor, text, False)
        if bullet:
            view = self.doc.getCurrentController().getViewCursor()
            view.gotoRange(cursor, False)
            self._dispatch(".uno:DefaultBullet")

    def hyperlink(self, text: str, url: str) -> None:
        """Select `text` and make it a link, as Insert > Hyperlink does."""
        self._find(text).HyperLinkURL = url

    def insert_text_with_link(self, after: str, before_link: str, link_text: str, url: str) -> None:
        """Type at the end of a paragraph, then a linked phrase (a pasted link)."""
        found = self._find(after)
        body = found.getText()
        cursor = body.createTextCursorByRange(found.getEnd())
        cursor.gotoEndOfParagraph(False)
        body.insertString(cursor, before_link, False)
        start = cursor.getEnd()
        body.insertString(cursor, link_text, False)
        linked = body.createTextCursorByRange(start)
        linked.goRight(len(link_text), True)
        linked.HyperLinkURL = url

    def _table(self, holding: str) -> Any:
        """The first table with a cell whose text contains `holding`, as a person finds it."""
        tables = self.doc.getTextTables()
        for index in range(tables.getCount()):
            table = tables.getByIndex(index)
            if any(holding in table.getCellByName(n).getString() for n in table.getCellNames()):
                return table
        raise StepFailed(f"no table holds {holding!r}")

    def table_cell(self, holding: str, cell: str, text: str) -> None:
        """Click into a cell of the table holding `holding` and retype it."""
        target = self._table(holding).getCellByName(cell)
        if target is None:
            raise StepFailed(f"the table holding {holding!r} has no cell {cell}")
        target.setString(text)

    def table_add_row(self, holding: str, cells: list[str]) -> None:
        """Add a row at the end of the table holding `holding` and fill it, cell by cell."""
        target = self._table(holding)
        rows = target.getRows()
        rows.insertByIndex(rows.getCount(), 1)
        last = rows.getCount()
        for column, value in enumerate(cells):
            target.getCellByName(f"{chr(ord('A') + column)}{last}").setString(value)

    def comment(self, on: str, text: str) -> None:
        """Select `on` and add a comment (Insert > Comment)."""
        found = self._find(on)
        annotation = self.doc.createInstance("com.sun.star.text.textfield.Annotation")
        annotation.Content = text
        annotation.Author = self.author  # as Insert > Comment signs it with the user's name
        found.getText().insertTextContent(found, annotation, True)

    def footnote(self, after: str, text: str) -> None:
        """Insert > Footnote at the end of `after`, and type `text` in it."""
        found = self._find(after)
        note = self.doc.createInstance("com.sun.star.text.Footnote")
        found.getText().insertTextContent(found.getEnd(), note, False)
        note.setString(text)

    def accept_all(self) -> None:
        self._dispatch(".uno:AcceptAllTrackedChanges")

    def reject_all(self) -> None:
        self._dispatch(".uno:RejectAllTrackedChanges")

    def state(self, key: str = "state") -> None:
        """What the window shows: read-only or not, recording or not."""
        self.results[key] = {
            "read_only": bool(self.doc.getCurrentController().getFrame() and self.doc.isReadonly()),
            "recording": bool(self.doc.RecordChanges),
            "protected": bool(self.doc.getPropertyValue("RedlineProtectionKey")),
        }

    def count_changes(self, key: str = "changes") -> None:
        self.results[key] = self.doc.getRedlines().getCount()

    def read_text(self, key: str = "text") -> None:
        self.results[key] = self.doc.getText().getString()

    def save_docx(self, path: str) -> None:
        """File > Save As, "Word 2007-365"."""
        url = uno.systemPathToFileUrl(str(Path(path).resolve()))
        self.doc.storeToURL(url, _props(FilterName="MS Word 2007 XML", Overwrite=True))

    def save_text(self, path: str) -> None:
        url = uno.systemPathToFileUrl(str(Path(path).resolve()))
        self.doc.storeToURL(url, _props(FilterName="Text (encoded)", FilterOptions="UTF8,LF"))

    def close(self) -> None:
        if self.doc is not None:
            self.doc.close(True)
            self.doc = None


def main() -> int:
    port = int(sys.argv[1])
    steps = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    session = Session(connect(port))
    try:
        for number, step in enumerate(steps, 1):
            step = dict(step)
            name = step.pop("do")
            action = getattr(session, name, None)
            if action is None or name.startswith("_"):
                raise StepFailed(f"step {number}: unknown step {name!r}")
            try:
                action(**step)
            except StepFailed as exc:
                raise StepFailed(f"step {number} ({name}): {exc}") from None
    except StepFailed as exc:
        print(json.dumps({"error": str(exc)}))
        return 1
    finally:
        # Closing a broken document must not hide the error that broke it.
        with contextlib.suppress(Exception):
            session.close()
    print(json.dumps(session.results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
