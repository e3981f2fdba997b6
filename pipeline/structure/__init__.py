"""The publication's structure: its outline, regional boxes, axis summaries and passages (segment)."""
