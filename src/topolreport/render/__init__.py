"""Renderers: an edition as the Word, PDF and HTML documents a team publishes.

viewmodel.py builds the one view all formats share; narrative.py turns Markdown into blocks;
docx.py, html.py and pdf.py lay the view out; build.py writes the files.
"""
