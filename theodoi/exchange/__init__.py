"""Excel, CSV and JSON data exchange: list exports and the report template round trip."""
