"""WordprocessingML built and read in one place, under python-docx's `docx.oxml`.

The Word document, the review copy and the contributor forms speak to Word through this
package, as python-docx keeps its friendly API apart from its `oxml` package: each module makes
one kind of markup (runs, fields, bookmarks, hyperlinks, revisions, comments, protection,
settings, pictures' alt text) and knows the schema's rules for it, so `xml:space`, characters
XML cannot carry and the order of children in `w:pPr`, `w:rPr` and `w:settings` are handled once.
"""
