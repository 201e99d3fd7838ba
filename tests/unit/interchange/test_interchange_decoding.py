"""Bytes to text: invalid UTF-8 and NUL bytes reported by offset and line."""

from __future__ import annotations

from sourcebox.interchange.decoding import MAX_REPORTED, decode


def test_clean_utf8_and_bom():
    assert decode("é".encode()).text == "é"
    assert decode(b"\xef\xbb\xbfabc").text == "abc"
    assert decode(b"abc").problems == ()


def test_invalid_bytes_are_replaced_and_reported():
    decoded = decode(b"\xef\xbb\xbfab\nc\xe9d\n\x00x\n", file="f.bib")
    assert decoded.text == "ab\nc\ufffdd\nx\n"
    bad, nul = decoded.problems
    assert (bad.kind, bad.offset, bad.line, bad.file) == ("encoding", 7, 2, "f.bib")
    assert "bytes e9" in bad.message and "byte offset 7" in bad.message
    assert bad.raw == "c\ufffdd"
    assert (nul.kind, nul.offset, nul.line) == ("nul-byte", 10, 3)
    assert decoded.bad_lines == {2, 3}


def test_a_latin1_file_lists_a_few_spots_and_every_line():
    data = b"".join(b"caf\xe9\n" for _ in range(100))
    decoded = decode(data)
    assert len(decoded.problems) == MAX_REPORTED + 1
    assert "more invalid bytes" in decoded.problems[-1].message
    assert decoded.bad_lines == set(range(1, 101))
