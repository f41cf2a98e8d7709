"""Hostile upload files built on the fly (a zip bomb, a ZIP of hundreds of members, a workbook of millions of rows),
small on disk and quick to make; every figure in them is made up. Used by the unit tests and
scripts/benchmark_hostile.py."""
from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

BOMB_ROW = b"1,2\n"  # short rows pack best: about 1,000 to 1 with deflate, as in bombs seen in the wild
MIB = 1024 * 1024


def _deflated_blocks(chunk: bytes, count: int) -> tuple[bytes, int]:
    """`chunk` repeated `count` times as one raw deflate stream, built from one compressed copy (a full flush
    resets the compressor, so every copy after the first compresses to the same bytes); returns (stream, CRC)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    return first + again * (count - 1) + packer.flush(), crc


def zip_bomb(path: Path, unpacked_gib: int = 3, *, declared: int | None = None, members: int = 1,
             member_mib: int | None = None) -> Path:
    """A ZIP of CSVs that unpack to `unpacked_gib` GiB (3.1 MB packed for 3 GiB), or of `members` CSVs of
    `member_mib` MiB each. `declared` writes a smaller unpacked size into the headers than each member really holds
    (a lying bomb)."""
    chunk = BOMB_ROW * (MIB // len(BOMB_ROW))
    stream, crc = _deflated_blocks(chunk, member_mib or unpacked_gib * 1024)
    size = declared if declared is not None else len(chunk) * (member_mib or unpacked_gib * 1024)
    body, directory = b"", b""
    for index in range(members):
        name = b"sentencing.csv" if members == 1 else b"part_%03d.csv" % index
        zip64 = size >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, size, len(stream)) if zip64 else b""
        shown_size, shown_packed = (0xFFFFFFFF, 0xFFFFFFFF) if zip64 else (size, len(stream))
        version = 45 if zip64 else 20
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, version, 0, 8, 0, 0x21, crc, shown_packed, shown_size,
                            len(name), len(extra)) + name + extra + stream
        central_extra = struct.pack("<HHQQQ", 1, 24, size, len(stream), offset) if zip64 else b""
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, version, version, 0, 8, 0, 0x21, crc, shown_packed,
                                 shown_size, len(name), len(central_extra), 0, 0, 0, 0,
                                 0xFFFFFFFF if zip64 else offset) + name + central_extra
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, members, members, len(directory), len(body), 0)
    path.write_bytes(body + directory + end)
    return path


def many_members_zip(path: Path, members: int = 300) -> Path:
    """A ZIP of `members` small CSVs, each a few rows of made-up figures."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(members):
            archive.writestr(f"tables/table_{index:03d}.csv", b"Police force area code,Cohort,Offenders\n" +
                             f"E23000001,2019,{index}\n".encode())
    return path


XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.'
    'xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def many_rows_xlsx(path: Path, rows: int = 2_000_000) -> Path:
    """An .xlsx whose one sheet has a header and `rows` rows of made-up figures (about 240 KB for 2 million)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        # rows without their optional r="" numbers are identical, so they pack to almost nothing
        archive.writestr("xl/worksheets/sheet1.xml", b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://'
                         b'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>'
                         b'Area</t></is></c><c t="inlineStr"><is><t>Offenders</t></is></c></row>'
                         + b"<row><c><v>1</v></c><c><v>2</v></c></row>" * rows + b"</sheetData></worksheet>")
    return path
