"""One module per group of `topolreport` commands; each is a thin layer over the library."""
