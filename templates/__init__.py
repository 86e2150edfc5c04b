"""The default templates and fonts, installed with the package as topolreport.templates.

This file only makes the folder importable, so that importlib.resources finds it in an editable
install as well as in a wheel; a rebranded copy passed with --templates does not need it.
"""
