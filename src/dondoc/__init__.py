"""dondoc: follow up Đề án 06 tasks, answer questions about them and remind the units in charge."""

__version__ = "0.1.0"
