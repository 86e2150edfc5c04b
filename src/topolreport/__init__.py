"""topolreport: keep a review's yearly progress report as data, compare, check and publish it."""

__version__ = "0.1.0"
