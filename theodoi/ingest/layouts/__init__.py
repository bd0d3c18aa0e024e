"""Layouts: the ways a plan lists its tasks and indicators (annex tables, OCR'd tables,
numbered body items, labelled lines, duties in "TỔ CHỨC THỰC HIỆN", reporting duties).
Each module reads one layout into model objects, with the field recognisers of
``theodoi.ingest.fields``."""
