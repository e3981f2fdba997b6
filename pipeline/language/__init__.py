"""What the text says: amounts, quantities, region groups, targets and partners, with spaCy (language)."""
