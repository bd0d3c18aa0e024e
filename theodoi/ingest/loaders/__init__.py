"""Loaders: every input (.docx, .pdf with a text layer, scans and images, plain text)
turned into the same blocks (:mod:`.blocks`): paragraphs with their numbering, and tables
with rows and cells.  ``blocks.document_text`` writes them as the text the reader's later
stages take (a table one cell per line, in row order)."""
