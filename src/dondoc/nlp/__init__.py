"""Vietnamese text, pure: no I/O and no other dondoc package (the leaf every layer may use)."""

__all__ = [
    "abbreviations", "dates", "documents", "periods", "progress_reply", "query", "segment", "status", "synonyms",
    "table_cells", "text", "units",
]  # fmt: skip
