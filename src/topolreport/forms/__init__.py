"""Contributor forms: each programme lead's entries as a Word document, and back again.

`layout` says what a form looks like (shared by the writer and the reader so they cannot
drift apart), `write` makes forms, `read` parses returned forms, and `collect` applies what
they changed to the edition, refusing to lose an edit made in the snapshot meanwhile.
"""
