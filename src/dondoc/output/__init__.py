"""Files for people outside the chat: the register as a spreadsheet, the figures as a chart image."""

__all__ = ["chart", "chat_files", "register"]
