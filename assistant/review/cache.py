"""The review cache: one SQLite file in the output folder. A file whose size and modification time are unchanged is
not read again; one touched but with the same bytes is not checked again; the cache is dropped when the layouts or
this code's version change."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from .entry import Entry, file_digest

CACHE_NAME = "审阅缓存.sqlite"
VERSION = "review-2"


def _code_version() -> str:
    """The checker's code and data as they are now (every .py and .yaml of the package by size and time, and the
    layouts loaded, which may come from ASSISTANT_LAYOUTS_DIR): results stored by another version are not used."""
    from ..layouts import all_layouts

    h = hashlib.sha256(VERSION.encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".yaml") and "__pycache__" not in p.parts):
        st = path.stat()
        h.update(f"{path.relative_to(package)}|{st.st_size}|{st.st_mtime_ns}".encode())
    for layout in all_layouts():
        h.update(layout.model_dump_json().encode())
    return h.hexdigest()[:16]


class Cache:
    def __init__(self, folder: Path):
        self.path = Path(folder) / CACHE_NAME
        self.db = sqlite3.connect(self.path)
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        version = _code_version()
        row = self.db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        if row is None or row[0] != version:  # another version's results (or layout) are dropped, tables and all
            for table in ("files", "facts", "outputs", "pairs"):
                self.db.execute(f"DROP TABLE IF EXISTS {table}")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (version,))
        self.db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, "
                        "digest TEXT, entry TEXT, tables TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, facts TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS outputs (name TEXT PRIMARY KEY, digest TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS pairs (key TEXT PRIMARY KEY, result TEXT)")
        self.db.commit()

    def lookup(self, path: Path) -> Entry | None:
        """The stored entry when the file is unchanged, else None."""
        row = self.db.execute("SELECT size, mtime, digest, entry, tables FROM files WHERE path=?", (str(path),)).fetchone()
        if row is None:
            return None
        try:
            st = path.stat()
        except OSError:
            return None
        if (st.st_size, st.st_mtime_ns) != (row[0], row[1]):
            if st.st_size != row[0] or file_digest(path) != row[2]:
                return None
            self.db.execute("UPDATE files SET mtime=? WHERE path=?", (st.st_mtime_ns, str(path)))
        return Entry.stored(row[3], row[4])

    def store(self, entry: Entry) -> None:
        try:
            st = Path(entry.path).stat()
        except OSError:
            return
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                        (entry.path, st.st_size, st.st_mtime_ns, entry.digest, entry.model_dump_json(), entry.tables_json()))

    def facts(self, key: str) -> str | None:
        row = self.db.execute("SELECT facts FROM facts WHERE key=?", (key,)).fetchone()
        return None if row is None else row[0]

    def store_facts(self, key: str, facts: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)", (key, facts))

    def pair(self, key: str) -> str | None:
        """A stored year-over-year result (JSON) for a pair of reports, keyed by both checksums and the settings."""
        row = self.db.execute("SELECT result FROM pairs WHERE key=?", (key,)).fetchone()
        return None if row is None else row[0]

    def store_pair(self, key: str, result: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO pairs VALUES (?, ?)", (key, result))

    def output_unchanged(self, name: str, digest: str) -> bool:
        row = self.db.execute("SELECT digest FROM outputs WHERE name=?", (name,)).fetchone()
        return row is not None and row[0] == digest

    def output_written(self, name: str, digest: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?)", (name, digest))

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()
