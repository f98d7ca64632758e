"""Bytes from disk -> text, with clear reasons for files that are not text."""

from __future__ import annotations

import codecs

MAX_ARTICLE_BYTES = 5_000_000  # about 800,000 words: far beyond any news article, small enough to parse


class NotText(Exception):
    """The bytes are not a text file we can read; the message says why and where."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; line ends normalised to \\n."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise NotText(f"invalid UTF-16 at byte {exc.start}") from None
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = data[exc.start]
            hint = " (Latin-1 or Windows-1252? save the file as UTF-8)" if byte >= 0x80 else ""
            raise NotText(f"not UTF-8: byte 0x{byte:02x} at offset {exc.start}{hint}") from None
    if "\x00" in text:
        raise NotText(f"binary data (NUL character at offset {text.index(chr(0))}), not a text article")
    return text.replace("\r\n", "\n").replace("\r", "\n")
