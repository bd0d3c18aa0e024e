"""Document ingestion: read a Vietnamese plan ("Kế hoạch") into structured data.

Plain Python, no Django.  Public API::

    from theodoi.ingest import ingest_file, ingest_text, IngestError
    plan = ingest_file("ke-hoach.txt")          # ExtractedPlan
    plan.to_json()                               # plan-extraction.schema.json shape
"""

from .errors import IngestError
from .model import Deadline, ExtractedPlan, Indicator, ReportingObligation, Target, Task
from .pipeline import ingest_file, ingest_text

__all__ = [
    "Deadline",
    "ExtractedPlan",
    "IngestError",
    "Indicator",
    "ReportingObligation",
    "Target",
    "Task",
    "ingest_file",
    "ingest_text",
]
