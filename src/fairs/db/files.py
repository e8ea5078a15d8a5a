"""Files that hold people's data (the SQLite database and its -wal/-shm, backups, background exports' scratch
files): created 0600, in folders the app creates 0700, whatever the process's umask.

The umask only takes bits away, and some writers set their own (SQLite creates a database 0644 whatever
the umask asks), so every file is created by us first with the mode set explicitly; SQLite gives a
database's journal, WAL and shared-memory files the mode of the database file itself. Folders that already
exist are left as they are (the current directory, a backup mount), except the app's own scratch folder.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def private_dir(path: Path, *, tighten: bool = False) -> Path:
    """Create `path` and its missing parents, each 0700; with `tighten`, an existing `path` becomes 0700."""
    path = Path(path)
    missing: list[Path] = []
    cursor = path
    while not cursor.exists():
        missing.append(cursor)
        cursor = cursor.parent
    for folder in reversed(missing):
        with suppress(FileExistsError):  # made meanwhile by another process: it gets the same mode
            folder.mkdir(mode=PRIVATE_DIR)
        os.chmod(folder, PRIVATE_DIR)  # mkdir's mode is cut by the umask
    if tighten and not missing:
        os.chmod(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty and 0600 (in a private folder when its folder is missing); a file already there
    keeps its contents and becomes 0600."""
    path = Path(path)
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        pass
    else:
        os.close(fd)
    os.chmod(path, PRIVATE_FILE)
    return path


def private_sqlite_file(database: str | None) -> None:
    """The SQLite database file `database` (a URL's path) created 0600, or an existing one and its side
    files made 0600; in-memory and URI-named databases are left alone. A file of another owner is left
    as it is (a read-only tool may open it)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        private_file(path)
        for suffix in SQLITE_SIDE_FILES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.chmod(side, PRIVATE_FILE)
    except PermissionError:
        return
