"""COMPOUND_TEXT decoding: the legacy title encoding of xterm, Motif and Xt clients."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from focuscoach.core.recording.compound_text import decode_compound_text

FFFD = "\ufffd"
ESC = b"\x1b"


def ext(name: str, data: bytes, width: bytes = b"0") -> bytes:
    """An extended segment: ESC % / F M L name STX data, with M L counting name+STX+data."""
    body = name.encode("latin-1") + b"\x02" + data
    return ESC + b"%/" + width + bytes([0x80 | (len(body) >> 7), 0x80 | (len(body) & 0x7F)]) + body


def gl(text: str, codec: str) -> bytes:
    """A 94x94 set's bytes in GL form (high bit cleared), as Xlib writes them."""
    return bytes(b & 0x7F for b in text.encode(codec))


def test_plain_ascii() -> None:
    assert decode_compound_text(b"Inbox (3) - Mail") == "Inbox (3) - Mail"
    assert decode_compound_text(b"") == ""


def test_gr_defaults_to_latin1_right_half() -> None:
    assert decode_compound_text(b"caf\xe9 cr\xe8me \xa0\xff") == "café crème \xa0ÿ"


def test_bytes_xterm_writes_for_a_chinese_title() -> None:
    # Captured from `xterm -T "专注 中文标题"` (WM_NAME, type COMPOUND_TEXT): Xlib picks
    # GB 2312 for some ideographs and JIS X 0208 for others, all in GL.
    raw = b"\x1b$(AW(\x1b$(BCm\x1b(B \x1b$(BCfJ8\x1b$(A1jLb"
    assert decode_compound_text(raw) == "专注 中文标题"


def test_bytes_xprop_writes_for_latin1_plus_chinese() -> None:
    # Captured from `xprop -f WM_NAME 8t -set WM_NAME "Übung 专注 中文标题"`.
    raw = b"\xdcbung \x1b$(AW(\x1b$(BCm\x1b(B \x1b$(BCfJ8\x1b$(A1jLb"
    assert decode_compound_text(raw) == "Übung 专注 中文标题"


def test_emoji_utf8_segment_as_xterm_writes_it() -> None:
    assert decode_compound_text(b"emoji \x1b%G\xf0\x9f\x8e\xaf\x1b%@ focus") == "emoji 🎯 focus"


@pytest.mark.parametrize(
    ("final", "codec", "text"),
    [
        (b"A", "gb2312", "专注中文"),
        (b"B", "euc_jp", "日本語のタイトル"),
        (b"C", "euc_kr", "한국어 제목"),
    ],
)
def test_94x94_sets_in_gl_and_gr(final: bytes, codec: str, text: str) -> None:
    text = text.replace(" ", "")
    assert decode_compound_text(ESC + b"$(" + final + gl(text, codec)) == text
    assert decode_compound_text(ESC + b"$)" + final + text.encode(codec)) == text


def test_gl_and_gr_designations_are_independent() -> None:
    raw = ESC + b"$)A" + "专注".encode("gb2312") + b" ok " + "中".encode("gb2312")
    assert decode_compound_text(raw) == "专注 ok 中"
    raw = ESC + b"$(B" + gl("日本", "euc_jp") + b" " + "专".encode("gb2312")
    assert decode_compound_text(raw) == "日本 \u00d7\u00a8"  # GR is still Latin-1


def test_old_style_designation_and_jis_x0212() -> None:
    assert decode_compound_text(ESC + b"$B" + gl("日本", "euc_jp")) == "日本"
    assert decode_compound_text(ESC + b"$(D" + b"\x30\x21") == "丂"  # JIS X 0212 0x3021


@pytest.mark.parametrize(
    ("final", "codec", "text"),
    [
        (b"A", "iso8859_1", "Ñandú"),
        (b"B", "iso8859_2", "Zażółć gęślą jaźń"),
        (b"C", "iso8859_3", "Ĉu ĝi ŝanĝiĝas"),
        (b"D", "iso8859_4", "Ļoti ātri"),
        (b"F", "iso8859_7", "Καλημέρα"),
        (b"G", "iso8859_6", "مرحبا"),
        (b"H", "iso8859_8", "שלום"),
        (b"L", "iso8859_5", "Привет мир"),
        (b"M", "iso8859_9", "Günaydın Şule"),
    ],
)
def test_96_character_sets_in_gr(final: bytes, codec: str, text: str) -> None:
    assert decode_compound_text(ESC + b"-" + final + text.encode(codec)) == text


def test_designations_switch_back_and_forth() -> None:
    raw = ESC + b"-L" + "Да".encode("iso8859_5") + ESC + b"-A" + b"\xe9" + ESC + b"-F"
    raw += "Ωμ".encode("iso8859_7")
    assert decode_compound_text(raw) == "Даé" + "Ωμ"


def test_jis_x0201_roman_and_katakana() -> None:
    assert decode_compound_text(ESC + b"(J" + b"\\100~") == "¥100‾"
    assert decode_compound_text(ESC + b")I" + b"\xb1\xb2\xb3") == "ｱｲｳ"


def test_utf8_segment_keeps_the_iso2022_state_around_it() -> None:
    raw = ESC + b"-L" + b"\xbf" + ESC + b"%G" + "✅ 😀".encode() + ESC + b"%@" + b"\xbf"
    assert decode_compound_text(raw) == "П✅ 😀П"


def test_unterminated_utf8_segment_runs_to_the_end() -> None:
    assert decode_compound_text(b"a\x1b%G\xe4\xb8\xad\xe6\x96\x87") == "a中文"


def test_invalid_utf8_inside_segment_becomes_replacement() -> None:
    assert decode_compound_text(b"\x1b%Gok\xff\xfe!\x1b%@") == f"ok{FFFD}{FFFD}!"


def test_extended_segments() -> None:
    assert decode_compound_text(b"a" + ext("iso8859-15", b"\xa4 5", b"1") + b"b") == "a€ 5b"
    assert decode_compound_text(ext("UTF-8", "😀 专注".encode())) == "😀 专注"
    assert decode_compound_text(ext("koi8-r", "Привет".encode("koi8_r"), b"1")) == "Привет"
    assert decode_compound_text(ext("big5-0", "中文".encode("big5"), b"2")) == "中文"


def test_extended_segment_with_unknown_encoding_is_skipped() -> None:
    assert decode_compound_text(b"before " + ext("tcvn-5712", b"\x01\xfe\xb5") + b"after") == (
        "before after"
    )


def test_extended_segment_length_is_honoured() -> None:
    # The byte after the segment is back in the ordinary state (GR = Latin-1).
    assert decode_compound_text(ext("utf-8", b"x") + b"\xe9") == "xé"


def test_broken_extended_segments_never_raise() -> None:
    truncated = ext("utf-8", "中文".encode())[:-2]
    assert decode_compound_text(truncated).startswith("中")
    assert decode_compound_text(b"\x1b%/1\x80\x84nost") == FFFD  # no STX in the segment
    assert decode_compound_text(b"\x1b%/1AB") == FFFD + "AB"  # M/L must have the high bit


def test_tabs_and_newlines_pass_through() -> None:
    assert decode_compound_text(b"a\tb\nc") == "a\tb\nc"


def test_control_characters_are_left_for_the_caller() -> None:
    assert decode_compound_text(b"a\x07b\x7fc\x85d") == "a\x07b\x7fc\x85d"


def test_direction_sequences_are_dropped() -> None:
    assert decode_compound_text(b"\x9b2]abc\x9b]\x9b1]d\x9b]") == "abcd"
    assert decode_compound_text(b"a\x9b5mb") == f"a{FFFD}b"  # not a CT sequence
    assert decode_compound_text(b"a\x9b") == f"a{FFFD}"


def test_unknown_and_broken_escapes_become_replacement() -> None:
    assert decode_compound_text(b"\x1b") == FFFD
    assert decode_compound_text(b"a\x1b\x01b") == f"a{FFFD}\x01b"
    assert decode_compound_text(b"a\x1b#8b") == f"a{FFFD}b"  # a valid ISO 2022 escape, not CT
    assert decode_compound_text(b"a\x1b$(") == f"a{FFFD}$("  # truncated designation
    # A designation of a set we do not know: its characters are unknown, not ASCII.
    assert decode_compound_text(b"\x1b(Zab\x1b(Bcd") == f"{FFFD}{FFFD}cd"
    assert decode_compound_text(b"\x1b$(Gabcd\x1b(Be") == f"{FFFD}{FFFD}e"
    assert decode_compound_text(b"\x1b-Zx\xe9") == f"x{FFFD}"


def test_odd_byte_count_in_a_double_byte_set() -> None:
    assert decode_compound_text(ESC + b"$(AW(W") == f"专{FFFD}"
    assert decode_compound_text(ESC + b"$(AW( W(") == "专 专"  # SPACE is a single byte


def test_one_bad_pair_does_not_shift_the_rest() -> None:
    raw = ESC + b"$)A" + b"\xaa\xa1" + "专注".encode("gb2312")
    assert decode_compound_text(raw) == f"{FFFD}专注"


def test_bytes_outside_a_94_set_in_gr_are_replaced() -> None:
    raw = ESC + b"$)A" + b"\xd7\xa8\xa0\xd7\xa2\xff"
    assert decode_compound_text(raw) == f"专{FFFD}注{FFFD}"


def test_nul_separates_list_elements_and_resets_the_state() -> None:
    assert decode_compound_text(ESC + b"$(AW(\x00W(") == "专\x00W("


@settings(max_examples=400, deadline=None, database=None)
@given(st.binary(max_size=300))
def test_never_raises_on_garbage(data: bytes) -> None:
    assert isinstance(decode_compound_text(data), str)


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(alphabet=st.characters(max_codepoint=0xFF, exclude_characters="\x1b\x9b")))
def test_latin1_text_round_trips(text: str) -> None:
    assert decode_compound_text(text.encode("latin-1")) == text


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(alphabet=st.characters(exclude_characters="\x1b"), max_size=50))
def test_any_text_round_trips_through_a_utf8_segment(text: str) -> None:
    assert decode_compound_text(b"\x1b%G" + text.encode() + b"\x1b%@") == text
