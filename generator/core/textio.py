"""Bytes from disk -> text, with clear reasons for files that are not text."""

from __future__ import annotations

import codecs
from pathlib import Path

# About 160,000 words: ten times the longest long-read in a news archive, and about 12 s of NLP at the
# measured 13,500 words/s. spaCy refuses texts over 1,000,000 characters, so the limit stays below that.
MAX_ARTICLE_BYTES = 1_000_000
MAX_SUMMARY_BYTES = 2_000_000  # a summary holds at most the article's sentences plus YAML keys
BINARY_SNIFF_BYTES = 8192  # enough to catch the NUL bytes of any binary format's header


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
        if b"\x00" in data[:BINARY_SNIFF_BYTES]:
            raise NotText(f"binary data (NUL byte at offset {data.index(0)}), not a text file")
        bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        try:
            text = data[bom:].decode("utf-8")
        except UnicodeDecodeError as exc:
            offset = exc.start + bom  # offsets count from the file's first byte, as editors show them
            byte = data[offset]
            hint = " (Latin-1 or Windows-1252? save the file as UTF-8)" if byte >= 0x80 else ""
            raise NotText(f"not UTF-8: byte 0x{byte:02x} at offset {offset}{hint}") from None
    if "\x00" in text:
        raise NotText(f"binary data (NUL character at offset {text.index(chr(0))}), not a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read(path: Path, limit: int) -> bytes:
    """A file's bytes, refusing one larger than `limit` before reading it (NotText says how large)."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        size = path.stat().st_size
        raise NotText(f"file is {size:,} bytes; the limit is {limit:,} (is this one article?)")
    return data
