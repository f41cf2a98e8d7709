"""Import an official file (CSV, XLSX, ODS, or a ZIP of them, at any size) through its profile into the local store."""
from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from types import ModuleType

from geo.atlas import Atlas, load_atlas
from geo.registry import LAYERS
from indicators import local_store
from indicators.council_names import CouncilNames, council_names
from indicators.profiles import registry
from indicators.profiles.result import ImportResult, Progress
from indicators.schema import IndicatorSchemaError
from indicators.schema import validate as schema_validate
from indicators.upload import UploadError, peek, read_upload
from indicators.workbook_table import is_workbook, sheet_to_csv, table_sheet
from indicators.zip_reading import extract_member, zip_members
from storage.ownership import EVERYONE

# Profiles that read a table in memory get this much; the sentencing file is aggregated from disk instead.
TABLE_MAX_BYTES = 256 * 1024 * 1024  # with its text and rows, under 1.5 GB at the reader's cell cap
TABLE_MAX_ROWS = 5_000_000


class ImportFileError(ValueError):
    """A file that cannot be imported: the message says why, naming the file."""


class UnrecognisedLayout(ImportFileError):
    """A readable file in none of the official layouts (the upload page then asks which column is which)."""


class Context:
    """What every import needs from the atlas, built once: area names and codes, council names of every vintage."""

    def __init__(self, atlas: Atlas | None = None):
        from indicators.probation_names import add_probation_names
        from indicators.upload_validation import AreaIndex

        self.atlas = atlas or load_atlas(progress=None)
        self.areas = add_probation_names(AreaIndex(self.atlas.areas[["layer", "area_code", "area_name"]],
                                                   {layer.id: layer.name for layer in LAYERS}))
        self._councils: CouncilNames | None = None

    @property
    def councils(self) -> CouncilNames:
        if self._councils is None:
            self._councils = council_names(self.atlas)
        return self._councils


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks (files can be a gigabyte)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_path(path: Path, *, profile: str | None = None, context: Context | None = None,
                progress: Progress | None = None, file_name: str | None = None) -> list[ImportResult]:
    """Read a file (or each table in a ZIP) through its profile; nothing is saved (see save)."""
    path = Path(path)
    name = file_name or path.name
    if not path.is_file():
        raise ImportFileError(f"'{name}' is not a file that can be read.")
    if path.stat().st_size == 0:
        raise ImportFileError(f"'{name}' is empty.")
    chosen = registry.get_profile(profile) if profile else None
    context = context or Context()
    if _is_zip(path):
        return _import_zip(path, name, chosen, context, progress)
    return [_import_table(path, name, chosen, context, progress)]


def _is_zip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"PK\x03\x04" and path.suffix.lower() not in (".xlsx", ".xlsm", ".ods")


def _import_zip(path: Path, name: str, chosen: ModuleType | None, context: Context,
                progress: Progress | None) -> list[ImportResult]:
    try:
        members = zip_members(name, path)
    except UploadError as error:
        raise ImportFileError(str(error)) from None
    results, skipped, unrecognised = [], [], 0
    with tempfile.TemporaryDirectory(prefix="patchwork-import-") as folder:
        for member in members:
            try:
                member_path = extract_member(path, member.name, Path(folder))
                results.append(_import_table(member_path, Path(member.name).name, chosen, context, progress))
                member_path.unlink(missing_ok=True)
            except UploadError as error:
                skipped.append(str(error))
            except ImportFileError as error:
                skipped.append(str(error))
                unrecognised += isinstance(error, UnrecognisedLayout)
    if not results:
        # A ZIP of tables in no official layout goes to the column-mapping path like any other table.
        refusal = UnrecognisedLayout if unrecognised == len(members) else ImportFileError
        raise refusal(f"Nothing in '{name}' is in a layout Patchwork reads: " + " ".join(skipped))
    for message in skipped:
        results[0].notes.append(f"Skipped inside {name}: {message}")
    return results


def _import_table(path: Path, name: str, chosen: ModuleType | None, context: Context,
                  progress: Progress | None) -> ImportResult:
    try:
        sheet = table_sheet(path, chosen.matches if chosen else registry.detect) if is_workbook(path, name) else None
        peeked = peek(path, sheet=sheet)
        header, sheet = peeked.header, peeked.sheet or None
        profile = chosen or registry.detect(header)
        if profile is None:
            known = "; ".join(f"{p['label']} ({', '.join(p['files'])})" for p in registry.describe())
            raise UnrecognisedLayout(f"'{name}' is not in an official layout Patchwork reads (its columns: "
                                  f"{', '.join(header[:12])}). Layouts read: {known}. For any other table, use "
                                  "the upload page and choose its columns.")
        sha256 = file_sha256(path)
        if profile.NAME == "sentencing_outcomes":
            if not is_workbook(path, name):
                return profile.run(path, file_name=name, sha256=sha256, areas=context.areas, progress=progress)
            # The profile aggregates CSV from disk: the workbook's sheet is written out as CSV first.
            with tempfile.TemporaryDirectory(prefix="patchwork-sheet-") as folder:
                as_csv = sheet_to_csv(path, name, sheet, Path(folder) / "sheet.csv", TABLE_MAX_BYTES)
                result = profile.run(as_csv, file_name=name, sha256=sha256, areas=context.areas, progress=progress)
            result.notes.insert(0, f"Read sheet '{sheet}' of the workbook." if sheet else "Read the workbook's table "
                                "sheet.")
            return result
        raw = read_upload(name, path.read_bytes(), sheet=sheet, max_bytes=TABLE_MAX_BYTES,
                          max_rows=TABLE_MAX_ROWS)
        return profile.run(raw, atlas=context.atlas, areas=context.areas, councils=context.councils,
                           progress=progress)
    except (UploadError, ValueError) as error:
        if isinstance(error, ImportFileError):
            raise
        raise ImportFileError(str(error)) from None


def save(results: list[ImportResult], owner: str | None = EVERYONE) -> int:
    """Check and save each result's rows with its source under `owner` (EVERYONE: the single user; one transaction
    each, each recorded in the audit log with the file's hash); returns rows saved."""
    saved = 0
    for result in results:
        if not result.ok:
            continue
        try:
            schema_validate(result.rows, {result.source["source_id"]})
        except IndicatorSchemaError as error:
            raise ImportFileError(f"'{result.file_name}': the figures do not fit the indicator store: {error}") from None
        saved += local_store.save(result.rows, [result.source], owner=owner)
    return saved
