"""Small widgets shared by pages and forms: the amount field, code lookups, the filter bar, charts."""
