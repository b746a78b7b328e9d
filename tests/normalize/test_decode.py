"""decode: bytes of any encoding -> one clean shape of Unicode text."""

from __future__ import annotations

import codecs

import pytest

from app.normalize.decode import decode

RUSSIAN = "Правительство вчера одобрило новый закон о налогах, сообщил министр финансов. " * 3
SPANISH = "El niño comió mañana en la ciudad de España, según el señor José. " * 3
JAPANESE = "日本政府は昨日、新しい税法を承認したと財務大臣が述べた。" * 3


def test_utf8_bytes_decode_as_utf8() -> None:
    assert decode("Grüße aus Köln, “quoted” — done".encode()) == "Grüße aus Köln, “quoted” — done"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_bom_decides_the_encoding_and_is_dropped(bom: bytes, encoding: str) -> None:
    assert decode(bom + "Ünïcödé text".encode(encoding)) == "Ünïcödé text"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(RUSSIAN, "cp1251"), (SPANISH, "cp1252"), (JAPANESE, "shift_jis")],
)
def test_legacy_encodings_are_detected(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)) == text.rstrip(" ")


def test_mojibake_is_repaired() -> None:
    assert decode("CafÃ© Ã  la carte, dÃ©jÃ  vu") == "Café à la carte, déjà vu"


def test_curly_quotes_dashes_and_full_width_forms_are_kept() -> None:
    text = "\u201cQuote\u201d \u2013 it\u2019s \u2018fine\u2019 \u2014 \uff21\uff22\uff23"
    assert decode(text) == text


def test_html_entities_are_left_alone_so_decoding_twice_changes_nothing() -> None:
    assert decode("Fish &amp;lt; chips") == "Fish &amp;lt; chips"


def test_line_breaks_become_newlines() -> None:
    assert decode("a\r\nb\rc\u2028d\x0ce") == "a\nb\nc\nd\ne"


def test_control_characters_are_removed_and_tabs_become_spaces() -> None:
    assert decode("a\x00b\x07c\x1bd\te") == "abcd e"


def test_special_spaces_become_plain_and_invisible_ones_vanish() -> None:
    assert decode("a\xa0b\u202fc\u2009d\u3000e zero\u200bwidth soft\xadhyphen") == (
        "a b c d e zerowidth softhyphen"
    )


def test_trailing_spaces_are_stripped_per_line_leading_kept() -> None:
    assert decode("  indented   \nnext \t\n") == "  indented\nnext\n"


def test_text_is_nfc() -> None:
    assert decode("e\u0301te\u0301") == "été"


def test_ligatures_are_unfolded() -> None:
    assert decode("ﬁnancial ﬂows") == "financial flows"


def test_surrogate_pairs_are_joined_and_lone_surrogates_replaced() -> None:
    assert decode("smile \ud83d\ude00 lone\ud800") == "smile 😀 lone\ufffd"


def test_binary_bytes_do_not_raise_and_keep_no_control_characters() -> None:
    text = decode(bytes(range(256)) * 40)
    assert not any(ord(ch) < 32 and ch != "\n" for ch in text)


def test_empty_input_gives_empty_text() -> None:
    assert decode(b"") == ""
    assert decode("") == ""


def test_decoding_is_idempotent_on_its_output() -> None:
    once = decode("CafÃ© \r\n“x”\xa0 y\u200b\t\n".encode())
    assert decode(once) == once
