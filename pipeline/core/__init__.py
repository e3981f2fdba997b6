"""What every stage shares: paths, settings, artefact I/O, text and geometry helpers, errors, logs."""
