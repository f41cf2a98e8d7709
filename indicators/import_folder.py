"""The import folder: official files a team drops there are imported into the local store on build."""
from __future__ import annotations

import os
from pathlib import Path

from geo.locations import REPO_ROOT
from indicators import local_store
from indicators.importer import Context, ImportFileError, file_sha256, import_path, save

IMPORT_FOLDER_ENV = "PATCHWORK_IMPORT_FOLDER"
SUFFIXES = (".csv", ".xlsx", ".ods", ".zip")


def import_folder_path() -> Path:
    """imports/ beside the code (git-ignored), or PATCHWORK_IMPORT_FOLDER."""
    return Path(os.environ.get(IMPORT_FOLDER_ENV) or REPO_ROOT / "imports")


def import_folder(folder: Path, context: Context) -> list[str]:
    """Import each file not yet in the store (by name and content hash); one line per file on what happened."""
    if not folder.is_dir():
        return []
    _, sources = local_store.load_saved()
    held = {entry.get("sha256") for entry in sources} | {entry.get("container_sha256") for entry in sources}
    lines = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()):
        digest = file_sha256(path)
        if digest in held:
            continue
        try:
            results = import_path(path, context=context)
            for result in results:
                result.source["container_sha256"] = digest
            saved = save(results)
        except ImportFileError as error:
            lines.append(f"{path.name}: not imported — {error}")
            continue
        lines.append(f"{path.name}: {saved:,} figures imported")
    return lines
