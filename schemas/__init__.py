"""Column names, types and vocabularies of every table: declared once, here."""
from .tables import (
    AXES,
    SURVEY_STATUSES,
    TABLES,
    MeasuresSchema,
    OutlineSchema,
    RegionInterventionsSchema,
    RegionsSchema,
    TableSpec,
)

__all__ = ["AXES", "SURVEY_STATUSES", "MeasuresSchema", "OutlineSchema", "RegionInterventionsSchema",
           "RegionsSchema", "TABLES", "TableSpec"]
