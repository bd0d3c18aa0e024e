"""Official documents: the consolidated report as DOCX and PDF (Decree 30/2020/NĐ-CP)."""
