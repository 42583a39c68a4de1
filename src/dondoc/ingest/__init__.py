"""Reading reports into tasks: file readers, the bundled layouts, the general extractor, preview and merge.

Modules: `readers` (any file format into the neutral `Document`), `layouts` (the five bundled reports' own
parsers), `extract` (the general reader by evidence), `model` (`ParsedTask`, `UnreadableReport`),
`report_reader` (which reads a file), `mapping` + `mapped_reading` (a person's reading of what no rule
reads), `templates` (such readings saved per layout), `pipeline` (all-or-nothing ingest), `preview`, `merge`.
"""

__all__ = [
    "extract",
    "layouts",
    "mapped_reading",
    "mapping",
    "merge",
    "model",
    "pipeline",
    "preview",
    "readers",
    "report_reader",
    "templates",
]
