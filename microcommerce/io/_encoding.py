"""Which encoding a text export is in: UTF-8 with or without a byte-order mark, or GB18030.

The whole bytes are decoded (:func:`sniff_encoding`), or, for a file read in chunks, the
file is decoded in blocks of 16 MiB so that memory stays bounded and the decision is the
same. A failure names the first byte that did not decode, with its offset in the file.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from microcommerce.errors import DecodeError, EmptyFileError, InputError
from microcommerce.io._source import PathArg

__all__ = ["ENCODINGS", "sniff_encoding"]

#: Encodings tried, in order, for text files (see :func:`sniff_encoding`).
ENCODINGS: tuple[str, ...] = ("utf-8-sig", "utf-8", "gb18030")


_BLOCK_BYTES = 1 << 24  # blocks of a file read in a streaming pass


def sniff_encoding(data: bytes) -> str:
    """Return the first of :data:`ENCODINGS` that decodes all of ``data``.

    Bytes starting with a UTF-8 byte-order mark are ``utf-8-sig`` or nothing: the
    mark declares UTF-8, so GB18030 (which accepts almost any bytes) is not tried.
    Otherwise UTF-8 is tried before GB18030.

    Parameters
    ----------
    data : bytes
        The file's bytes (all of them: a sample could end inside a character, or
        before the first byte that only one encoding accepts).

    Returns
    -------
    str
        The codec name: ``"utf-8-sig"``, ``"utf-8"`` or ``"gb18030"``.

    Raises
    ------
    DecodeError
        If no candidate decodes; ``offset`` is the first bad byte for the first one.

    Examples
    --------
    >>> sniff_encoding("订单号".encode("gb18030")), sniff_encoding("订单号".encode())
    ('gb18030', 'utf-8')
    >>> sniff_encoding(codecs.BOM_UTF8 + b"a,b")
    'utf-8-sig'
    """
    return _encoding_of(data, None)


def _encoding_of(data: bytes, encoding: str | None, path: PathArg | None = None) -> str:
    """Return ``encoding`` if it decodes ``data``, else the sniffed one; or raise."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=path) from None
    tried = (encoding,) if encoding else _candidates(data)
    for name in tried:
        if _first_bad_byte(data, name) is None:
            return name
    offset = _first_bad_byte(data, tried[0])
    other = (
        next((e for e in _candidates(data) if _first_bad_byte(data, e) is None), None)
        if len(tried) == 1
        else None
    )
    raise _decode_error(offset, None if offset is None else data[offset], tried, path, other)


def _candidates(data: bytes) -> tuple[str, ...]:
    return ENCODINGS[:1] if data.startswith(codecs.BOM_UTF8) else ENCODINGS[1:]


def _first_bad_byte(data: bytes, encoding: str) -> int | None:
    """Byte offset in ``data`` of the first byte ``encoding`` cannot decode, or None."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        # utf-8-sig reports offsets after the byte-order mark it has dropped
        dropped = codecs.lookup(encoding).name == "utf-8-sig" and data.startswith(codecs.BOM_UTF8)
        return exc.start + (len(codecs.BOM_UTF8) if dropped else 0)
    return None


def _decode_error(
    offset: int | None,
    value: int | None,
    tried: tuple[str, ...],
    path: PathArg | None,
    other: str | None = None,
) -> DecodeError:
    """Make the error for bytes that none of ``tried`` decodes.

    It names the first bad byte for the first of them (its ``offset`` and ``value``)
    and, for one forced encoding, the ``other`` that would decode them.
    """
    where = f"byte {offset} (0x{value:02x})" if offset is not None else "a byte"
    if len(tried) == 1:
        hint = f"; it decodes as {other} (leave encoding= unset to sniff)" if other else ""
        message = f"{where} is not valid {tried[0]}{hint}"
    else:
        message = f"not text in any of {', '.join(tried)}: {where} is not valid {tried[0]}"
    return DecodeError(message, offset=offset, encodings=tried, path=path)


def _stream_encoding(p: Path, encoding: str | None, shown: PathArg) -> str:
    """:func:`_encoding_of` for a file read in blocks: bounded memory, same decision."""
    if encoding is not None:
        _encoding_of(b"", encoding, shown)  # an unknown name is an InputError
    with p.open("rb") as f:
        start = f.read(len(codecs.BOM_UTF8))
    tried = (encoding,) if encoding else _candidates(start)
    failures = []
    for name in tried:
        bad, content = _scan_file(p, name)
        if bad is None:
            if not content:
                raise EmptyFileError("the file has only blanks", path=shown)
            return name
        failures.append(bad)
    raise _decode_error(*failures[0], tried, shown)


def _scan_file(p: Path, encoding: str) -> tuple[tuple[int, int] | None, bool]:
    """Decode the file in blocks.

    Returns (offset and value of the first bad byte, or None; whether anything but
    blanks and a byte-order mark is in it).
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    position, content = 0, False
    bom = codecs.lookup(encoding).name == "utf-8-sig"
    with p.open("rb") as f:
        while True:
            block = f.read(_BLOCK_BYTES)
            pending = decoder.getstate()[0]
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                # offsets are in pending + block; utf-8-sig's first call drops the mark first
                dropped = (
                    len(codecs.BOM_UTF8)
                    if bom and position == 0 and block.startswith(codecs.BOM_UTF8)
                    else 0
                )
                data = pending + block
                at = exc.start + dropped
                return (position - len(pending) + at, data[at] if at < len(data) else 0), content
            if not block:
                return None, content
            head = block.removeprefix(codecs.BOM_UTF8) if position == 0 else block
            content = content or bool(head.strip())
            position += len(block)
