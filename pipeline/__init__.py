"""Turn Avise's *Panorama* of regional IAE policies (May 2014) into a dataset.

One package per stage, in this order (``pipeline/stages.py``, the registry, is
where the order, each stage's artefacts and its code are written):

    pdf        extract, layout   PDF -> words, shapes, pages -> lines, blocks
    structure  segment           lines, blocks -> segments.json (outline, boxes, summaries)
    language   language          segments -> amounts, quantities, groups, targets, organisations
    dataset    tables            artefacts -> validated tables, report, data package in output/
    review     review            output/ + the PDF -> output/review/

``core`` holds what they share. A stage imports ``core`` and the stages before it only.
"""
