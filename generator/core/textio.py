"""Bytes from disk -> text, with clear reasons for files that are not text; and the one atomic file writer."""

from __future__ import annotations

import codecs
import os
import tempfile
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


def write_atomic(path: Path, data: bytes | str, durable: bool = True) -> None:
    """Write a file so that a reader, a crash or a full disk never leaves it half-written.

    The data goes to a temporary file beside it, which is flushed to disk (`durable`: fsync) and then
    renamed over the target in one step: the file is the old version or the complete new one. On any
    failure the temporary file is removed and the OSError names the target. Caches pass durable=False: a torn entry fails its hash check and is rebuilt.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _mode_for(path))  # mkstemp makes 0600; keep the usual permissions
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        exc.filename, exc.filename2 = str(path), None  # the file meant, not its temporary (write() names none)
        raise
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _mode_for(path: Path) -> int:
    """The permissions a rewritten file keeps, or a new file gets (0666 less the umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask
