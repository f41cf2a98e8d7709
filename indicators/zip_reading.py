"""The table files inside a ZIP as downloaded: listing them, reading or extracting one, refusing damaged ZIPs and zip bombs."""
from __future__ import annotations

import io
import os
import shutil
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from indicators.upload import CHUNK_BYTES, UploadChoiceNeeded, UploadError, size_text, too_big_message

TABLE_KINDS = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".ods": "ods"}
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# A workbook's XML may unpack to this many times the upload limit (pandas-written ODS reach 55 times);
# a workbook that declares more is damaged or a zip bomb, and is not opened.
UNPACKED_RATIO = 100
# openpyxl holds a workbook's shared strings in memory whole (about 3 times their XML); this bounds that.
SHARED_STRINGS_MAX_BYTES = 64 * 1024 * 1024
LISTED = 10  # names shown in a message about what a ZIP holds
# Hard caps on a ZIP of tables, checked on its directory before a byte is unpacked (Python's zipfile never unpacks
# more than a member declares, so the declared sizes bound what reading it can cost). The biggest official file, the
# Outcomes by offence CSV, is about 1 GB unpacked and packs at about 10 to 1; MoJ's ZIPs hold a handful of tables.
MAX_MEMBERS = 100
MEMBER_MAX_BYTES = 1536 * 1024 * 1024
ARCHIVE_MAX_BYTES = 2560 * 1024 * 1024
# Real tables pack at 5 to 30 to 1; deflate cannot beat about 1,030 to 1, which is what bombs use. A member, or a
# whole ZIP, under RATIO_FLOOR unpacked is not judged by its ratio (made-up files of repeated rows pack at 300 to 1).
MAX_RATIO = 100
RATIO_FLOOR = 64 * 1024 * 1024
# zipfile raises these for a damaged member: a bad CRC or header, a broken deflate stream, or a cut-off one.
MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)

Source = bytes | str | os.PathLike


@dataclass(frozen=True)
class ZipMember:
    """One table file inside a ZIP: its path there, its unpacked size in bytes and its kind ("csv", "xlsx", "ods")."""

    name: str
    size: int
    kind: str


def container_kind(file_name: str, source: Source) -> str:
    """Whether a ZIP-format file is an "xlsx" or "ods" workbook or a "zip" of files; UploadError if unreadable."""
    lower = file_name.lower()
    with _open_zip(file_name, source) as archive:
        names = set(archive.namelist())
        mimetype = _small_read(archive, "mimetype") if "mimetype" in names else b""
    if mimetype.startswith(ODS_MIMETYPE) or ("content.xml" in names and lower.endswith(".ods")):
        return "ods"  # some writers leave out the mimetype part; the name and content.xml then decide
    if "[Content_Types].xml" in names and any(name.startswith("xl/") for name in names):
        return "xlsx"
    if lower.endswith((".xlsx", ".xlsm", ".ods")):
        raise UploadError(unreadable_message(file_name, "it is a ZIP archive but holds no workbook"))
    if mimetype or "[Content_Types].xml" in names:
        what = mimetype.decode("ascii", "replace").strip() or "a Word or PowerPoint file"
        raise UploadError(f"'{file_name}' is an office document ({what}), not a spreadsheet or a ZIP of tables.")
    return "zip"


def zip_members(file_name: str, data_or_path: Source) -> list[ZipMember]:
    """The CSV, XLSX and ODS files inside a ZIP (not folders, __MACOSX/ or dot files); UploadError if it holds none."""
    with _open_zip(file_name, data_or_path) as archive:
        infos = archive.infolist()
    check_archive(file_name, infos)
    members = [ZipMember(info.filename, info.file_size, _kind(info.filename))
               for info in infos if not info.is_dir() and _visible(info.filename) and _kind(info.filename)]
    if members:
        return members
    held = [info for info in infos if not info.is_dir() and _visible(info.filename)]
    if not held:
        raise UploadError(f"'{file_name}' is an empty ZIP: it holds no files.")
    listed = ", ".join(f"{info.filename} ({size_text(info.file_size)})" for info in held[:LISTED])
    more = f" and {len(held) - LISTED} more" if len(held) > LISTED else ""
    raise UploadError(f"'{file_name}' holds no CSV, XLSX or ODS file to read; it holds: {listed}{more}.")


def choose_member(file_name: str, members: list[ZipMember], member: str | None) -> ZipMember:
    """The member asked for (by path, or by file name when that is unique), or the only one; else ask which."""
    names = [item.name for item in members]
    if member:
        exact = [item for item in members if item.name == member]
        by_name = [item for item in members if PurePosixPath(item.name).name == PurePosixPath(member).name]
        if exact or len(by_name) == 1:
            return (exact or by_name)[0]
        raise UploadChoiceNeeded(f"'{file_name}' holds no table file '{member}'; its table files are: "
                                 f"{', '.join(names)}.", "member", names)
    if len(members) == 1:
        return members[0]
    listed = ", ".join(f"{item.name} ({size_text(item.size)})" for item in members)
    raise UploadChoiceNeeded(f"'{file_name}' holds {len(members)} table files: {listed}. Choose which one to read.",
                             "member", names)


def read_member(file_name: str, data_or_path: Source, member: str, *, max_bytes: int) -> bytes:
    """One member's bytes, refused (before and while unpacking) when it is bigger than max_bytes."""
    with _open_zip(file_name, data_or_path) as archive:
        info = _member_info(file_name, archive, member)
        _check_member(file_name, info, max_bytes)
        try:
            with archive.open(info) as stream:
                body = stream.read(max_bytes + 1)  # never more than the limit and one byte, whatever was declared
        except MEMBER_ERRORS:
            raise UploadError(damaged_message(file_name, member)) from None
        except NotImplementedError:
            raise UploadError(_method_message(file_name, info)) from None
    if len(body) > max_bytes:
        raise UploadError(too_big_message(member, len(body), max_bytes, inside=file_name))
    return body


@contextmanager
def open_member(file_name: str, data_or_path: Source, member: str) -> Iterator[BinaryIO]:
    """A member opened as a binary stream (unpacked as it is read, never whole in memory)."""
    with _open_zip(file_name, data_or_path) as archive:
        info = _member_info(file_name, archive, member)
        _check_member(file_name, info, None)
        try:
            with archive.open(info) as stream:
                yield stream
        except MEMBER_ERRORS:
            raise UploadError(damaged_message(file_name, member)) from None
        except NotImplementedError:
            raise UploadError(_method_message(file_name, info)) from None


def extract_member(zip_path: str | os.PathLike, member: str, folder: str | os.PathLike, *,
                   max_bytes: int = MEMBER_MAX_BYTES) -> Path:
    """Stream one member to folder/<its file name> in chunks, without holding it in memory; returns that path."""
    zip_path, folder = Path(zip_path), Path(folder)
    with _open_zip(zip_path.name, zip_path) as archive:
        info = _member_info(zip_path.name, archive, member)
        _check_member(zip_path.name, info, max_bytes)
        free = shutil.disk_usage(folder).free
        if info.file_size > free:
            raise UploadError(f"'{member}' inside '{zip_path.name}' unpacks to {size_text(info.file_size)}, but "
                              f"{folder} has only {size_text(free)} free.")
        target = folder / PurePosixPath(info.filename).name  # the file name only: no path inside the ZIP can escape
        partial = target.with_name(target.name + ".part")
        try:
            with archive.open(info) as stream, open(partial, "wb") as out:
                shutil.copyfileobj(_Capped(stream, max_bytes, member, zip_path.name), out, CHUNK_BYTES)
        except MEMBER_ERRORS:
            partial.unlink(missing_ok=True)
            raise UploadError(damaged_message(zip_path.name, member)) from None
        except NotImplementedError:
            partial.unlink(missing_ok=True)
            raise UploadError(_method_message(zip_path.name, info)) from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, target)
    return target


def check_archive(file_name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a ZIP of tables with too many members, or whose directory says it unpacks to more than the caps, or
    at a ratio no table reaches (a zip bomb), before anything in it is unpacked."""
    for info in infos:
        _check_size(file_name, info, MEMBER_MAX_BYTES)
    if len(infos) > MAX_MEMBERS:
        raise UploadError(f"'{file_name}' holds {len(infos):,} files; a ZIP may hold at most {MAX_MEMBERS}. Unzip it "
                          "and upload the table files you need.")
    declared, packed = sum(info.file_size for info in infos), sum(info.compress_size for info in infos)
    if declared > RATIO_FLOOR and declared > MAX_RATIO * max(packed, 1):
        raise UploadError(f"'{file_name}' says its {size_text(packed)} unpack to {size_text(declared)}, far more than "
                          "any tables pack to: it is damaged or built to exhaust the server (a zip bomb), so it was "
                          "not unpacked.")
    if declared > ARCHIVE_MAX_BYTES:
        raise UploadError(f"'{file_name}' says its {size_text(packed)} unpack to {size_text(declared)}, more than the "
                          f"{size_text(ARCHIVE_MAX_BYTES)} a ZIP may hold, so it was not opened. Unzip it and upload "
                          "the table you need.")


def check_unpacked(file_name: str, archive: zipfile.ZipFile, max_bytes: int) -> None:
    """Refuse a workbook whose parts declare more unpacked bytes than UNPACKED_RATIO times the upload limit."""
    declared = sum(info.file_size for info in archive.infolist())
    if declared > UNPACKED_RATIO * max_bytes:
        packed = sum(info.compress_size for info in archive.infolist())
        raise UploadError(f"'{file_name}' says its {size_text(packed)} unpack to {size_text(declared)}: it is damaged "
                          "or built to exhaust memory (a zip bomb), so it was not opened.")
    strings = next((info for info in archive.infolist() if info.filename == "xl/sharedStrings.xml"), None)
    if strings is not None and strings.file_size > SHARED_STRINGS_MAX_BYTES:
        raise UploadError(f"'{file_name}' holds {size_text(strings.file_size)} of text cells, more than the "
                          f"{size_text(SHARED_STRINGS_MAX_BYTES)} this reader holds at once; save the table as CSV and "
                          "upload that.")


def unreadable_message(file_name: str, detail: str) -> str:
    """The message for a file that cannot be opened as the ZIP, XLSX or ODS its name or first bytes say it is."""
    lower = file_name.lower()
    if lower.endswith(".zip"):
        return f"'{file_name}': the ZIP is truncated or damaged ({detail}); download it again."
    if lower.endswith(".ods"):
        return (f"'{file_name}' is not a readable .ods workbook (it may be truncated or damaged: {detail}); download it "
                "again, or open it and save it again in your spreadsheet program.")
    if lower.endswith((".xlsx", ".xlsm")):
        return f"'{file_name}' is not a readable .xlsx workbook (it may be truncated or damaged: {detail})."
    return f"'{file_name}' is not a readable .xlsx workbook, .ods workbook or ZIP (it may be truncated or damaged: {detail})."


def damaged_message(file_name: str, member: str) -> str:
    """The message for a ZIP whose member cannot be unpacked."""
    return (f"'{file_name}': the ZIP is truncated or damaged ('{member}' inside it cannot be unpacked); "
            "download it again.")


@contextmanager
def _open_zip(file_name: str, source: Source) -> Iterator[zipfile.ZipFile]:
    """The ZIP open for reading; UploadError in words when it is not one or is cut short."""
    if not isinstance(source, bytes | bytearray) and not Path(source).is_file():
        raise UploadError(f"'{file_name}' is not a file on this computer ({source}).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes | bytearray) else source)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as error:
        if _start(source).lstrip().lower().startswith((b"<!doctype html", b"<html")):
            raise UploadError(f"'{file_name}' is a web page (HTML), not a ZIP or a workbook: the download did not "
                              "finish or was refused. Download it again.") from None
        raise UploadError(unreadable_message(file_name, type(error).__name__)) from None
    with archive:
        yield archive


def _start(source: Source) -> bytes:
    """The first bytes of a file, for telling a web page saved under a .zip name from a damaged ZIP."""
    if isinstance(source, bytes | bytearray):
        return bytes(source[:64])
    with open(source, "rb") as stream:
        return stream.read(64)


def _small_read(archive: zipfile.ZipFile, name: str) -> bytes:
    """The first bytes of a small member (the ODS mimetype), or b'' when it cannot be read."""
    try:
        with archive.open(name) as stream:
            return stream.read(200)
    except (*MEMBER_ERRORS, NotImplementedError, RuntimeError):
        return b""


def _member_info(file_name: str, archive: zipfile.ZipFile, member: str) -> zipfile.ZipInfo:
    """The ZipInfo of a member, by path or by unique file name."""
    try:
        return archive.getinfo(member)
    except KeyError:
        pass
    matches = [info for info in archive.infolist() if PurePosixPath(info.filename).name == PurePosixPath(member).name]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UploadError(f"'{file_name}' holds {len(matches)} files named '{member}'; give its path inside the ZIP: "
                          f"{', '.join(info.filename for info in matches)}.")
    raise UploadError(f"'{file_name}' holds no file '{member}'.")


def _check_member(file_name: str, info: zipfile.ZipInfo, max_bytes: int | None) -> None:
    """Refuse a member that is encrypted or declares more bytes than the limit."""
    if info.flag_bits & 0x1:
        raise UploadError(f"'{info.filename}' inside '{file_name}' is password-protected; unzip it with the password "
                          "and upload the table file itself.")
    _check_size(file_name, info, max_bytes)


def _check_size(file_name: str, info: zipfile.ZipInfo, max_bytes: int | None) -> None:
    """Refuse a member that declares an unpacked size no table packs to (a zip bomb), or more bytes than the limit."""
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise UploadError(f"'{info.filename}' inside '{file_name}' says its {size_text(info.compress_size)} unpack to "
                          f"{size_text(info.file_size)}, far more than any table packs to: it is damaged or built to "
                          "exhaust the server (a zip bomb), so it was not unpacked.")
    if max_bytes is not None and info.file_size > max_bytes:
        raise UploadError(too_big_message(info.filename, info.file_size, max_bytes, inside=file_name))


def _method_message(file_name: str, info: zipfile.ZipInfo) -> str:
    """The message for a member packed with a compression method zipfile cannot unpack."""
    return (f"'{info.filename}' inside '{file_name}' is compressed with a method this reader does not support "
            f"(method {info.compress_type}, e.g. Deflate64 from Windows for big files); unzip it and upload the table "
            "file itself.")


def _kind(name: str) -> str:
    """The table kind of a member by its extension, or '' for any other file."""
    return TABLE_KINDS.get(PurePosixPath(name).suffix.lower(), "")


def _visible(name: str) -> bool:
    """False for macOS resource forks (__MACOSX/, ._name) and dot files such as .DS_Store."""
    parts = PurePosixPath(name).parts
    return not any(part == "__MACOSX" or part.startswith(".") for part in parts)


class _Capped:
    """A binary stream that raises UploadError once more than limit bytes have been read from it."""

    def __init__(self, stream: BinaryIO, limit: int, member: str, zip_name: str):
        self.stream, self.limit, self.member, self.zip_name, self.read_so_far = stream, limit, member, zip_name, 0

    def read(self, size: int = -1) -> bytes:
        """Up to size bytes, counted against the limit."""
        chunk = self.stream.read(size)
        self.read_so_far += len(chunk)
        if self.read_so_far > self.limit:
            raise UploadError(f"'{self.member}' inside the ZIP '{self.zip_name}' unpacks to more than the "
                              f"{size_text(self.limit)} it may hold (more than it declares: the ZIP may be damaged).")
        return chunk
