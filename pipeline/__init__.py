"""Turn Avise's *Panorama* of regional IAE policies (May 2014) into a dataset.

Stages, each a function from one artefact to the next:

    extract   PDF                      -> interim/<doc>/words.jsonl, shapes.jsonl, pages.json
    layout    words + shapes           -> interim/<doc>/lines.jsonl, text.txt
    segment   lines                    -> interim/<doc>/segments.json
    tables    segments + regions data  -> output/*.csv, output/*.parquet
"""
