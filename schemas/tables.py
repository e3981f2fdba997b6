"""Pandera models of the dataset's tables (the contract in DATASET.md).

Column order is the models' field order; ``TABLES`` says, for each table,
its model and the column its rows are sorted by.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

# Axis of a measure: Partie 1 is "politique", Partie 2 has three axes.
AXES = ("politique", "emploi", "professionnalisation", "structuration_financiere")
SURVEY_STATUSES = ("respondent", "non_respondent")
INSEE_2014_CODE = r"^\d{2}$"
FLAGS_MEANING = ("Why validation warns about this row, '; '-separated (details in findings); null when it does not: "
                 "filter on it to leave suspect rows out (extra column)")


class MeasuresSchema(pa.DataFrameModel):
    measure_id: Series[str] = pa.Field(unique=True, description="Stable id derived from region and title")
    region_code: Series[str] = pa.Field(str_matches=INSEE_2014_CODE, description="INSEE region code, 2014 boundaries")
    region_name: Series[str] = pa.Field(description="Canonical region name, from regions")
    title: Series[str] = pa.Field(str_length={"min_value": 1}, description="Box title as printed, whitespace collapsed")
    axis: Series[str] = pa.Field(isin=AXES, description="politique (Partie 1) or one of the three axes of Partie 2")
    section: Series[str] = pa.Field(nullable=True, description="Nearest numbered section heading above the box")
    page: Series[pd.Int64Dtype] = pa.Field(ge=1, description="1-based page where the box starts")
    start_year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1900, le=2100, description="Year the measure began")
    body: Series[str] = pa.Field(description="Box text in reading order")

    class Config:
        strict = True
        ordered = True


UNITS = ("EUR", "%")
ROLES = ("cap", "rate", "amount", "budget", "share", "other")
QUALIFIERS = ("exact", "max", "min", "approx", "more_than")
PERS = ("ETP", "ETP/an", "an", "poste", "projet", "personne", "structure")
TARGETS = ("ACI", "AI", "EI", "ETTI", "GEIQ", "RQ")


class AmountsSchema(pa.DataFrameModel):
    amount_id: Series[str] = pa.Field(unique=True, description="Stable id: the box's measure_id (or p<page>) and the figure's rank in it")
    measure_id: Series[str] = pa.Field(nullable=True, description="The box it is printed in, if any")
    region_code: Series[str] = pa.Field(nullable=True, str_matches=INSEE_2014_CODE, description="The box's region, else the one region its sentence names")
    page: Series[pd.Int64Dtype] = pa.Field(ge=1, description="1-based page")
    x0: Series[float] = pa.Field(ge=0, description="Left of the printed text, PDF points")
    top: Series[float] = pa.Field(ge=0, description="Top of the printed text, PDF points from the page top")
    x1: Series[float] = pa.Field(ge=0, description="Right of the printed text")
    bottom: Series[float] = pa.Field(ge=0, description="Bottom of the printed text")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="The figure as printed")
    sentence: Series[str] = pa.Field(description="Its sentence; for a list item, the item")
    unit: Series[str] = pa.Field(isin=UNITS, description="EUR or %")
    value: Series[float] = pa.Field(description="Euros for EUR, the number for %")
    role: Series[str] = pa.Field(isin=ROLES, description="cap, rate, amount, budget, share or other")
    qualifier: Series[str] = pa.Field(isin=QUALIFIERS, description="exact, max, min, approx or more_than")
    per: Series[str] = pa.Field(nullable=True, isin=PERS, description="What the figure is counted per")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1900, le=2100, description="The single year its sentence gives")
    target: Series[str] = pa.Field(nullable=True, isin=TARGETS, description="Structure type it applies to")
    flags: Series[str] = pa.Field(nullable=True, description=FLAGS_MEANING)

    class Config:
        strict = True
        ordered = True


KINDS = ("count", "duration", "age")
QUANTITY_ROLES = ("outcome", "condition", "cap", "other")
ORG_KINDS = ("state", "local_authority", "public_body", "fund", "training_fund", "network", "company_or_association")


class QuantitiesSchema(pa.DataFrameModel):
    quantity_id: Series[str] = pa.Field(unique=True, description="Stable id: the box's measure_id (or p<page>), q and the number's rank in it")
    measure_id: Series[str] = pa.Field(nullable=True, description="The box it is printed in, if any")
    region_code: Series[str] = pa.Field(nullable=True, str_matches=INSEE_2014_CODE, description="The box's region, else the one region its sentence names")
    page: Series[pd.Int64Dtype] = pa.Field(ge=1, description="1-based page")
    x0: Series[float] = pa.Field(ge=0, description="Left of the number and its noun as printed, PDF points")
    top: Series[float] = pa.Field(ge=0, description="Top, PDF points from the page top")
    x1: Series[float] = pa.Field(ge=0, description="Right")
    bottom: Series[float] = pa.Field(ge=0, description="Bottom")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="The number as printed with the noun it counts")
    sentence: Series[str] = pa.Field(description="Its sentence; for a list item, the item; for a box title, the title")
    value: Series[float] = pa.Field(ge=0, description="The number")
    unit: Series[str] = pa.Field(str_length={"min_value": 1}, description="What is counted: singular lemma, acronyms as printed (open vocabulary)")
    kind: Series[str] = pa.Field(isin=KINDS, description="count, duration (how long) or age (in years)")
    role: Series[str] = pa.Field(isin=QUANTITY_ROLES, description="outcome (achieved), condition (to qualify), cap (a ceiling on what is aided) or other")
    qualifier: Series[str] = pa.Field(isin=QUALIFIERS, description="exact, max, min, approx or more_than; a range's bounds are min and max")
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1900, le=2100, description="The single year its sentence gives")
    flags: Series[str] = pa.Field(nullable=True, description=FLAGS_MEANING)

    class Config:
        strict = True
        ordered = True


class MeasureTargetsSchema(pa.DataFrameModel):
    measure_id: Series[str] = pa.Field(description="Key into measures")
    target: Series[str] = pa.Field(isin=TARGETS, description="A structure type the measure is for")
    sentence: Series[str] = pa.Field(description="The first sentence (or the box title) that shows it")

    class Config:
        strict = True
        ordered = True
        unique = ["measure_id", "target"]


class OrganisationsSchema(pa.DataFrameModel):
    org_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", description="Stable id from the canonical name")
    name: Series[str] = pa.Field(str_length={"min_value": 1}, description="Canonical name: the reference list's, else as printed")
    kind: Series[str] = pa.Field(isin=ORG_KINDS, description="What sort of body it is")
    aliases: Series[str] = pa.Field(description="The spellings met, misprints and spelled-out forms included, '; '-separated")
    in_reference: Series[pd.BooleanDtype] = pa.Field(description="Found in schemas/organisations_iae.csv; false: kept from an acronym or a list of bodies (extra column)")
    misprints: Series[str] = pa.Field(nullable=True, description="The spellings that are misprints of a reference name, '; '-separated (extra column)")

    class Config:
        strict = True
        ordered = True


class MeasureOrganisationsSchema(pa.DataFrameModel):
    measure_id: Series[str] = pa.Field(description="Key into measures")
    org_id: Series[str] = pa.Field(description="Key into organisations")
    mentions: Series[pd.Int64Dtype] = pa.Field(ge=1, description="How many times the box names it")
    first_page: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Page of the first mention")
    sentence: Series[str] = pa.Field(description="The first sentence that names it")

    class Config:
        strict = True
        ordered = True
        unique = ["measure_id", "org_id"]


class RegionInterventionsSchema(pa.DataFrameModel):
    axis: Series[str] = pa.Field(isin=AXES[1:], description="Axis of Partie 2 whose summary lists the region")
    intervention_type: Series[str] = pa.Field(str_length={"min_value": 1}, description="Type label as printed")
    region_code: Series[str] = pa.Field(str_matches=INSEE_2014_CODE, description="Key into regions")
    region_name: Series[str] = pa.Field(description="Canonical region name")
    page: Series[pd.Int64Dtype] = pa.Field(ge=1, description="1-based page")
    section: Series[str] = pa.Field(nullable=True, description="The outline title of the section of its axis whose "
                                    "title the type label matches (same words, ignoring case, accents, apostrophes, "
                                    "plurals and articles; one contained in the other), else null (extra column)")

    class Config:
        strict = True
        ordered = True
        unique = ["axis", "intervention_type", "region_code"]


class RegionGroupsSchema(pa.DataFrameModel):
    group_id: Series[str] = pa.Field(unique=True, description="Stable id: page and rank of the group on it")
    page: Series[pd.Int64Dtype] = pa.Field(ge=1, description="1-based page of the first region listed")
    sentence: Series[str] = pa.Field(description="The sentence; a lead-in with its list items is one sentence")
    claimed_count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="The count the sentence states")
    n_regions: Series[pd.Int64Dtype] = pa.Field(ge=2, description="Distinct regions listed")
    consistent: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="claimed_count == n_regions; null without a count")

    class Config:
        strict = True
        ordered = True


class RegionGroupMembersSchema(pa.DataFrameModel):
    group_id: Series[str] = pa.Field(description="Key into region_groups")
    region_code: Series[str] = pa.Field(str_matches=INSEE_2014_CODE, description="A region the group lists")

    class Config:
        strict = True
        ordered = True
        unique = ["group_id", "region_code"]


class OutlineSchema(pa.DataFrameModel):
    level: Series[pd.Int64Dtype] = pa.Field(isin=[1, 2, 3], description="1 introduction, part or conclusion; 2 axis; 3 section")
    number: Series[str] = pa.Field(nullable=True, description='"1", "2", "Axe 1" ...')
    title: Series[str] = pa.Field(str_length={"min_value": 1}, description="Title as in the contents page")
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="Page where the heading is printed in the body")
    contents_page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="Page number the contents page prints")
    position: Series[pd.Int64Dtype] = pa.Field(unique=True, ge=1, description="Order of the heading in the contents page (extra column)")

    class Config:
        strict = True
        ordered = True


class RegionsSchema(pa.DataFrameModel):
    region_code: Series[str] = pa.Field(unique=True, str_matches=INSEE_2014_CODE, description="INSEE code, 2014")
    region_name: Series[str] = pa.Field(description="Canonical name")
    region_code_2016: Series[str] = pa.Field(str_matches=INSEE_2014_CODE, description="INSEE code of its 2016 region")
    region_name_2016: Series[str] = pa.Field(description="That region's name")
    survey_status: Series[str] = pa.Field(nullable=True, isin=SURVEY_STATUSES, description="respondent, non_respondent or null")
    n_measures: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Rows of measures for this region")
    n_interventions: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Rows of region_interventions for this region")

    class Config:
        strict = True
        ordered = True


SEVERITIES = ("error", "warning")


class FindingsSchema(pa.DataFrameModel):
    finding_id: Series[str] = pa.Field(unique=True, str_matches=r"^f\d{2,}$", description="Stable id: f and the finding's rank in the report")
    table: Series[str] = pa.Field(description="The table the finding is about (document: the PDF as a whole)")
    row_id: Series[str] = pa.Field(nullable=True, description="The row's key in that table (its primary key, '/'-joined); null for a finding about no one row")
    severity: Series[str] = pa.Field(isin=SEVERITIES, description="warning (published output never has errors)")
    check: Series[str] = pa.Field(str_length={"min_value": 1}, description="What the check expects")
    message: Series[str] = pa.Field(str_length={"min_value": 1}, description="What it found")
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="1-based page where it is printed")
    text: Series[str] = pa.Field(nullable=True, description="The printed text it is about")

    class Config:
        strict = True
        ordered = True


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    model: type[pa.DataFrameModel]
    sort_by: tuple[str, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    description: str = ""

    @property
    def columns(self) -> list[str]:
        return list(self.model.to_schema().columns)


REGION = ForeignKey(("region_code",), "regions", ("region_code",))
SECTION = ForeignKey(("section",), "outline", ("title",))
TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (
    TableSpec("measures", MeasuresSchema, ("measure_id",), ("measure_id",), (REGION,),
              "One row per regional initiative box (encadré)."),
    TableSpec("amounts", AmountsSchema, ("amount_id",), ("amount_id",),
              (ForeignKey(("measure_id",), "measures", ("measure_id",)), REGION),
              "One row per money amount or percentage printed anywhere in the publication."),
    TableSpec("quantities", QuantitiesSchema, ("quantity_id",), ("quantity_id",),
              (ForeignKey(("measure_id",), "measures", ("measure_id",)), REGION),
              "One row per number printed in digits with the thing it counts (not money, not a percentage)."),
    TableSpec("measure_targets", MeasureTargetsSchema, ("measure_id", "target"), ("measure_id", "target"),
              (ForeignKey(("measure_id",), "measures", ("measure_id",)),),
              "Which structure types each measure is for, read from the whole box."),
    TableSpec("organisations", OrganisationsSchema, ("org_id",), ("org_id",), (),
              "Every organisation a box names besides its own regional council, resolved to one entry."),
    TableSpec("measure_organisations", MeasureOrganisationsSchema, ("measure_id", "org_id"), ("measure_id", "org_id"),
              (ForeignKey(("measure_id",), "measures", ("measure_id",)),
               ForeignKey(("org_id",), "organisations", ("org_id",))),
              "One row per (measure, organisation) the box names."),
    TableSpec("region_interventions", RegionInterventionsSchema, ("axis", "intervention_type", "region_code"),
              ("axis", "intervention_type", "region_code"), (REGION, SECTION),
              "The region lists of the three axis summaries: one row per (type, region)."),
    TableSpec("region_groups", RegionGroupsSchema, ("group_id",), ("group_id",), (),
              "Sentences that name groups of regions, with the count they state."),
    TableSpec("region_group_members", RegionGroupMembersSchema, ("group_id", "region_code"),
              ("group_id", "region_code"), (ForeignKey(("group_id",), "region_groups", ("group_id",)), REGION),
              "One row per region listed by a group."),
    TableSpec("outline", OutlineSchema, ("position",), ("position",), (),
              "The heading tree of the contents page."),
    TableSpec("regions", RegionsSchema, ("region_code",), ("region_code",), (),
              "The 27 regions of France in 2014."),
    TableSpec("findings", FindingsSchema, ("finding_id",), ("finding_id",), (),
              "Every warning of the validation report, keyed by table and row id: the publication's inconsistencies "
              "and implausible figures, kept as printed (extra table)."),
)}
# Tables the validation reads; findings is written from its report.
VALIDATED = tuple(name for name in TABLES if name != "findings")


# How an axis title of Partie 2 names its axis: the first vocabulary value
# whose words all appear in the title ("Soutien à la structuration financière
# des SIAE" -> structuration_financiere). Checked in this order, most specific first.
AXIS_TITLE_WORDS = (
    ("structuration_financiere", ("structuration", "financiere")),
    ("professionnalisation", ("professionnalisation",)),
    ("emploi", ("emploi",)),
)
# A part without axes (Partie 1) describes regional policy itself.
AXIS_OF_PART_WITHOUT_AXES = "politique"

# A group whose sentence says its regions did not answer the survey names the
# non-respondents: "Cinq régions n’ont pas répondu à l’enquête : …".
NON_RESPONSE_WORDING = r"(?i)n[’']ont\s+pas\s+répondu|non[- ]répondant|sans\s+réponse"
