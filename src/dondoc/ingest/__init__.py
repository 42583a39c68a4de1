"""Reading reports into tasks: file readers, the bundled layouts, the general extractor, preview and merge.

Modules: `readers` (any file format into the neutral `Document`), `layouts` (the five bundled reports' own
parsers), `extract` (the general reader by evidence), `model` (`ParsedTask`, `UnreadableReport`),
`report_reader` (which reads a file), `pipeline` (all-or-nothing ingest), `preview`, `merge`.
"""

__all__ = ["extract", "layouts", "merge", "model", "pipeline", "preview", "readers", "report_reader"]
