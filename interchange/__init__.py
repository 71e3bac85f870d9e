"""Adapters for outside formats: the interchange JSON document and its xlsx twin, read into
calls of the use cases, keeping every problem's place (documents[3] line 2, sheet 客户 row 5)."""
