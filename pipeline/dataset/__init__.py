"""The dataset: tables with ids, validated against schemas/, published with their report, package and workbook."""
