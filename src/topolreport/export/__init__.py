"""The tracker as tables: one row per recommendation per edition, and one per figure, written
as an xlsx workbook or as CSV."""
