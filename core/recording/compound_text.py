"""Decode X11 COMPOUND_TEXT (the ISO 2022 subset of the X Consortium "Compound Text" spec).

Legacy X clients (xterm started with a non-Latin ``-T`` title, old Motif and Xt apps) put
window titles in ``WM_NAME`` as COMPOUND_TEXT instead of UTF-8, switching character sets
mid-string (xterm even mixes GB 2312 and JIS X 0208 within one Chinese title). Window
titles come from other programs, so the decoder must never raise: anything it cannot
interpret becomes U+FFFD and decoding carries on.

Control characters (C0, DEL, C1 other than the CSI direction sequences) are passed through;
stripping them is the caller's decision.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["decode_compound_text"]

REPLACEMENT = "\ufffd"

_ESC = 0x1B
_CSI = 0x9B
_STX = 0x02

# ESC - F: 96-character sets designated to GR (G1).
_SETS_96: dict[int, str] = {
    ord("A"): "iso8859_1",
    ord("B"): "iso8859_2",
    ord("C"): "iso8859_3",
    ord("D"): "iso8859_4",
    ord("F"): "iso8859_7",
    ord("G"): "iso8859_6",
    ord("H"): "iso8859_8",
    ord("L"): "iso8859_5",
    ord("M"): "iso8859_9",
}

# ESC $ ( F / ESC $ ) F: 94x94 sets, decoded through the matching EUC codec with the
# high bit set on both bytes. JIS X 0212 is EUC-JP's code set 3, reached through SS3.
_SETS_94x2: dict[int, tuple[str, bytes]] = {
    ord("A"): ("gb2312", b""),
    ord("B"): ("euc_jp", b""),
    ord("C"): ("euc_kr", b""),
    ord("D"): ("euc_jp", b"\x8f"),
}
# Old-style JIS X 0208-1978 (ESC $ @) decodes close enough as the 1983 set.
_SETS_94x2[ord("@")] = _SETS_94x2[ord("B")]

# Names that may appear in extended segments (ESC % / F M L name STX data), beyond
# utf-8 and iso8859-N, which are handled generically.
_EXTENDED_NAMES: dict[str, str] = {
    "koi8-r": "koi8_r",
    "koi8-u": "koi8_u",
    "big5-0": "big5",
    "big5hkscs-0": "big5hkscs",
    "gbk-0": "gbk",
    "microsoft-cp1251": "cp1251",
    "microsoft-cp1255": "cp1255",
    "microsoft-cp1256": "cp1256",
}


@dataclass(frozen=True, slots=True)
class _Charset:
    """A designated graphic set: how wide its characters are and how to decode a run.

    ``decode`` always receives the GR form (high bit set on every byte) of a run of
    printable bytes; for two-byte sets the run has an even length.
    """

    size: int  # 94 or 96 characters per row
    width: int  # bytes per character
    decode: Callable[[bytes], str]


def _table_decoder(table: tuple[str, ...]) -> Callable[[bytes], str]:
    def decode(run: bytes) -> str:
        return "".join([table[b & 0x7F] for b in run])

    return decode


@functools.cache
def _single_byte_set(size: int, final: int) -> _Charset:
    """A 94- or 96-character one-byte set; unknown finals decode to U+FFFD."""
    table = [REPLACEMENT] * 128
    if size == 96:
        codec = _SETS_96.get(final)
        if codec is not None:
            for b in range(0xA0, 0x100):
                table[b & 0x7F] = bytes([b]).decode(codec, "replace")
    elif final in (ord("B"), ord("J")):  # ASCII, JIS X 0201 Roman
        for b in range(0x21, 0x7F):
            table[b] = chr(b)
        if final == ord("J"):
            table[0x5C] = "\u00a5"  # YEN SIGN
            table[0x7E] = "\u203e"  # OVERLINE
    elif final == ord("I"):  # JIS X 0201 Katakana -> half-width katakana
        for b in range(0x21, 0x60):
            table[b] = chr(0xFF61 + b - 0x21)
    return _Charset(size, 1, _table_decoder(tuple(table)))


def _double_byte_decoder(codec: str, prefix: bytes) -> Callable[[bytes], str]:
    def decode_pair(pair: bytes) -> str:
        try:
            return (prefix + pair).decode(codec)
        except UnicodeDecodeError:
            return REPLACEMENT

    def decode(run: bytes) -> str:
        if not prefix:
            try:
                return run.decode(codec)
            except UnicodeDecodeError:
                pass  # fall back pair by pair, so one bad pair cannot shift the rest
        return "".join([decode_pair(run[i : i + 2]) for i in range(0, len(run), 2)])

    return decode


def _unknown_double(run: bytes) -> str:
    return REPLACEMENT * (len(run) // 2)


@functools.cache
def _double_byte_set(final: int) -> _Charset:
    known = _SETS_94x2.get(final)
    if known is None:
        return _Charset(94, 2, _unknown_double)
    return _Charset(94, 2, _double_byte_decoder(*known))


_ASCII = _single_byte_set(94, ord("B"))
_LATIN1_RIGHT = _single_byte_set(96, ord("A"))

_HIGH_BIT = bytes(b | 0x80 for b in range(256))


def _extended_codec(name: str) -> str | None:
    """The Python codec for an extended segment's charset name, if it is one we trust."""
    name = name.strip().lower()
    if name in ("utf-8", "utf8"):
        return "utf-8"
    for head in ("iso8859-", "iso-8859-"):
        if name.startswith(head):
            number = name[len(head) :]
            if number.isdigit() and 1 <= int(number) <= 16 and int(number) != 12:
                return f"iso8859_{int(number)}"
            return None
    return _EXTENDED_NAMES.get(name)


def _decode_printable(data: bytes, start: int, end: int, charset: _Charset, gr: bool) -> str:
    """Decode data[start:end], a run of printable GL (0x21-0x7E) or GR bytes, in `charset`."""
    run = data[start:end]
    if not gr:
        run = run.translate(_HIGH_BIT)
    if charset.width == 1:
        return charset.decode(run)
    # Two-byte set: 0xA0 and 0xFF are not part of any 94x94 set; they split the run.
    parts: list[str] = []
    chunk_start = 0
    for i, b in enumerate(run):
        if b in (0xA0, 0xFF):
            parts.append(_decode_pairs(run[chunk_start:i], charset))
            parts.append(REPLACEMENT)
            chunk_start = i + 1
    parts.append(_decode_pairs(run[chunk_start:], charset))
    return "".join(parts)


def _decode_pairs(run: bytes, charset: _Charset) -> str:
    even = len(run) - len(run) % 2
    text = charset.decode(run[:even]) if even else ""
    return text + REPLACEMENT if even != len(run) else text


def decode_compound_text(data: bytes) -> str:
    """Decode COMPOUND_TEXT bytes to str. Never raises; undecodable input becomes U+FFFD.

    Initial state (and again after every NUL, which separates list elements): GL is
    ASCII and GR is the right half of ISO 8859-1.
    """
    out: list[str] = []
    gl: _Charset = _ASCII
    gr: _Charset = _LATIN1_RIGHT
    n = len(data)
    i = 0
    while i < n:
        b = data[i]
        if 0x21 <= b <= 0x7E or 0xA0 <= b <= 0xFF:
            high = b >= 0xA0
            j = i + 1
            if high:
                while j < n and data[j] >= 0xA0:
                    j += 1
                out.append(_decode_printable(data, i, j, gr, gr=True))
            else:
                while j < n and 0x21 <= data[j] <= 0x7E:
                    j += 1
                out.append(_decode_printable(data, i, j, gl, gr=False))
            i = j
        elif b == _ESC:
            i, text, designation = _escape(data, i)
            out.append(text)
            if designation is not None:
                to_gr, charset = designation
                if to_gr:
                    gr = charset
                else:
                    gl = charset
        elif b == _CSI:
            i = _skip_csi(data, i, out)
        else:
            # SPACE, C0 (HT, NL, ...), DEL and C1 pass through; NUL ends a list element.
            out.append(chr(b))
            if b == 0:
                gl, gr = _ASCII, _LATIN1_RIGHT
            i += 1
    return "".join(out)


def _skip_csi(data: bytes, i: int, out: list[str]) -> int:
    """Consume a CSI sequence at data[i]. Direction changes (CSI 1 ], CSI 2 ], CSI ]) are
    dropped silently: they carry no characters. Anything else becomes U+FFFD."""
    n = len(data)
    j = i + 1
    while j < n and 0x30 <= data[j] <= 0x3F:  # parameter bytes
        j += 1
    while j < n and 0x20 <= data[j] <= 0x2F:  # intermediate bytes
        j += 1
    if j < n and 0x40 <= data[j] <= 0x7E:
        if data[i + 1 : j + 1] not in (b"1]", b"2]", b"]"):
            out.append(REPLACEMENT)
        return j + 1
    out.append(REPLACEMENT)  # malformed: drop only the CSI byte itself
    return i + 1


def _escape(data: bytes, i: int) -> tuple[int, str, tuple[bool, _Charset] | None]:
    """Interpret the escape sequence at data[i] (an ESC).

    Returns the index after everything consumed, text produced (UTF-8 and extended
    segments carry their own text) and a new designation (to_gr, charset), if any.
    """
    n = len(data)
    j = i + 1
    while j < n and 0x20 <= data[j] <= 0x2F:
        j += 1
    if j >= n or not 0x30 <= data[j] <= 0x7E:
        return i + 1, REPLACEMENT, None  # truncated or broken: drop the ESC only
    inter = data[i + 1 : j]
    final = data[j]
    after = j + 1

    if inter == b"(":
        return after, "", (False, _single_byte_set(94, final))
    if inter == b")":
        return after, "", (True, _single_byte_set(94, final))
    if inter == b"-":
        return after, "", (True, _single_byte_set(96, final))
    if inter == b"$(" or (inter == b"$" and final in b"@AB"):
        return after, "", (False, _double_byte_set(final))
    if inter == b"$)":
        return after, "", (True, _double_byte_set(final))
    if inter == b"%" and final == ord("G"):
        end = data.find(b"\x1b%@", after)
        stop = n if end < 0 else end
        resume = n if end < 0 else end + 3
        return resume, data[after:stop].decode("utf-8", "replace"), None
    if inter == b"%" and final == ord("@"):
        return after, "", None  # "back to ISO 2022" while already there
    if inter == b"%/" and ord("0") <= final <= ord("4"):
        return _extended_segment(data, after)
    return after, REPLACEMENT, None


def _extended_segment(data: bytes, i: int) -> tuple[int, str, None]:
    """ESC % / F M L name STX data: M, L give the byte count of name, STX and data."""
    n = len(data)
    if i + 1 >= n or data[i] < 0x80 or data[i + 1] < 0x80:
        return i, REPLACEMENT, None
    length = ((data[i] & 0x7F) << 7) | (data[i + 1] & 0x7F)
    start = i + 2
    end = min(n, start + length)
    segment = data[start:end]
    stx = segment.find(_STX)
    if stx < 0:
        return end, REPLACEMENT, None
    codec = _extended_codec(segment[:stx].decode("latin-1"))
    if codec is None:
        return end, "", None  # an encoding we do not know: skip its bytes
    return end, segment[stx + 1 :].decode(codec, "replace"), None
