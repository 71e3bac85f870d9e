"""Setting up a company: the first-start choice, the new-book wizard, master data and openings (issue 30)."""
