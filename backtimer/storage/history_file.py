"""The history file's life: opening it, migrating it, and setting a bad one aside.

Why it is built this way:

* One file (stdlib `sqlite3`) in the platformdirs data folder, created with mode 0600 before
  SQLite ever touches it (it holds health data). SQLite gives its `-wal` and `-shm` files the mode
  of the database file; we chmod them as well in case a umask or an older file got in the way.
* WAL journal with `synchronous=NORMAL`. In WAL mode a commit is one `write()` of the WAL frames;
  the data is then in the kernel, so a SIGKILL of the program, at any moment, loses nothing that
  was committed. Only a power cut or OS crash can roll back the last few commits (never corrupt
  the file), because NORMAL does not fsync the WAL on every commit. That trade keeps one step write
  well under the 5 ms budget on a laptop disk, where FULL would cost an fsync per step.
* Schema changes go through `PRAGMA user_version` and the ordered migrations of
  storage/history_schema.py, each applied
  in its own transaction. `PRAGMA application_id` marks the file as ours, so a foreign SQLite file
  at our path is recognised and set aside, never written into.
* A file that is not a database, fails `PRAGMA quick_check`, or belongs to another program is
  renamed to `history.sqlite3.corrupt-TIMESTAMP` (its -wal/-shm beside it, so SQLite can still open
  the pair), a new file is created, and `notice` says so in plain words. Nothing is overwritten or
  deleted. A file written by a newer backtimer is refused (`HistoryTooNewError`), left as it is.
* Only the file's own content can condemn it. What the surroundings cause (a full disk, a
  read-only folder, a directory at its path, a lock another process holds) is
  `HistoryUnavailableError`: the file is left exactly as it is, and storage/history.py opens it
  read-only, or runs without a history, and says so.
* Two processes may create a brand-new history at the same instant. Creating the file is
  O_EXCL, each migration runs inside BEGIN IMMEDIATE (so only one writer migrates at a time) and
  re-reads `user_version` inside that transaction, so the second opener finds the work done
  instead of creating the tables again; SQLite's busy timeout lets it wait for the first.

The queries and writes on an open file are storage/history.py.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from backtimer.storage.files import set_aside
from backtimer.storage.history_schema import (
    SCHEMA_VERSION,
    migration_statements,
)

logger = logging.getLogger(__name__)

APPLICATION_ID = 0x42544D52  # "BTMR": marks the file as a backtimer history
SQLITE_HEADER = b"SQLite format 3\x00"


class HistoryError(Exception):
    """The history file cannot be used; the message is meant for the person."""


class HistoryTooNewError(HistoryError):
    """The file was written by a newer backtimer; it is left untouched."""


class HistoryUnavailableError(HistoryError):
    """The history cannot be opened for writing just now (a full disk, a read-only folder, a
    folder where the file should be, a lock held too long). Nothing is wrong with the file, so
    it is never set aside; the store then opens it read-only or runs without it."""


# --- opening ---------------------------------------------------------------------------

BUSY_TIMEOUT = 5.0  # seconds an opener waits for another process's lock (e.g. its migration)


def _inspect(path: Path) -> str | None:
    """Why the file at `path` cannot be our history, judged without writing to it; None if fine
    or if it cannot be judged now (a lock, a read-only folder: that says nothing about it)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise HistoryUnavailableError(
            f"The history file {path} is not a regular file (a folder or a device is there), "
            "so it was left as it is."
        )
    if info.st_size == 0:
        return None  # created but never written (e.g. a crash right after creating it)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise HistoryUnavailableError(f"The history file {path} cannot be read ({exc}).") from exc
    if header != SQLITE_HEADER:
        return "it is not a SQLite database"
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                              timeout=BUSY_TIMEOUT)
    except sqlite3.Error:
        return None
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or tables):
            return "it belongs to another program"
        check = con.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            return f"it is damaged ({check})"
    except sqlite3.OperationalError as exc:  # busy, locked, cannot open -shm: not the file's fault
        logger.info("history %s not judged now: %s", path, exc)
        return None
    except sqlite3.DatabaseError as exc:  # not a database, malformed: the file itself
        return f"it is damaged ({exc})"
    finally:
        con.close()
    return None


def _set_aside_with_journal(path: Path, now: datetime | None) -> Path:
    """Set the file aside, with its -wal and -shm under the matching names so SQLite pairs them."""
    if path.exists():
        aside = set_aside(path, now)
    else:  # only journal files are left; give them a name of their own
        aside = path.with_name(f"{path.name}.corrupt-{(now or datetime.now()):%Y%m%d-%H%M%S}")
    for suffix in ("-wal", "-shm", "-journal"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            os.replace(extra, Path(f"{aside}{suffix}"))
    return aside


def _create_private(path: Path) -> None:
    """Create an empty file with mode 0600 so SQLite never creates it with a looser one."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)
    os.chmod(path, 0o600)


def _connect(path: Path) -> sqlite3.Connection:
    if not path.exists():
        _create_private(path)
    # Default (legacy) transaction handling: a DML statement opens a transaction and `with con:`
    # commits it, which is what every write method relies on; _migrate issues BEGIN itself.
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
    try:
        _refuse_newer(con, path)  # before anything (even the journal mode) writes to the file
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        mode = _retry_busy(lambda: con.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        if str(mode).lower() != "wal":
            logger.warning("history: WAL journal not available (%s); using %s", path, mode)
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA foreign_keys = ON")
        _migrate(con, path)
    except BaseException:
        con.close()
        raise
    tighten_journal_modes(path)
    return con


def _retry_busy(action: Callable[[], object]) -> object:
    """Run `action`, waiting out "database is locked" for up to BUSY_TIMEOUT.

    WORKAROUND: https://jira.mongodb.org/browse/WT-16251 - setting journal_mode = WAL while
    another connection holds a lock can fail at once with SQLITE_BUSY, without the busy handler
    (seen here when two processes create the file at the same instant).
    """
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _refuse_newer(con: sqlite3.Connection, path: Path) -> int:
    version = int(con.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise HistoryTooNewError(
            f"The history file {path} was written by a newer version of backtimer "
            f"(schema {version}; this version reads up to {SCHEMA_VERSION}). It was left as it "
            "is: use that newer version to see it."
        )
    return version


def _migrate(con: sqlite3.Connection, path: Path) -> None:
    """Bring the file to SCHEMA_VERSION, one migration per transaction.

    The version is read again inside each BEGIN IMMEDIATE (which holds the write lock), so a
    second process that opened the file while the first migrated it finds the work done.
    """
    while _refuse_newer(con, path) < SCHEMA_VERSION:
        # executescript() commits first; run the statements ourselves inside one transaction so a
        # kill half-way through a migration leaves the previous version intact.
        _retry_busy(lambda: con.execute("BEGIN IMMEDIATE"))
        try:
            version = _refuse_newer(con, path)
            if version >= SCHEMA_VERSION:
                con.execute("COMMIT")
                break
            target = version + 1
            for statement in migration_statements(target):
                con.execute(statement)
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {target}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        logger.info("history %s migrated to schema %d", path, target)


@dataclass(frozen=True)
class OpenedFile:
    connection: sqlite3.Connection
    set_aside_path: Path | None = None
    notice: str = ""  # for the person when the old file had to be set aside


def open_file(path: Path, now: datetime | None = None) -> OpenedFile:
    """Open (creating or migrating) the history at `path` for reading and writing.

    A file whose content cannot be our history is set aside and a fresh one created; `notice`
    then tells the person where the old file went. Raises HistoryTooNewError, or
    HistoryUnavailableError when the surroundings prevent it (the file is then untouched).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        problem = _inspect(path)
        if problem is None:
            try:
                return OpenedFile(_connect(path))
            except sqlite3.OperationalError as exc:  # full, read-only, locked: not the file
                raise _unavailable(path, exc) from exc
            except sqlite3.DatabaseError as exc:
                problem = f"it could not be read ({exc})"
        aside = _set_aside_with_journal(path, now)
        notice = (
            f"The history file could not be used because {problem}. It was kept as "
            f"{aside.name} in {aside.parent} and a new, empty history was started."
        )
        logger.warning("history file set aside: %s -> %s (%s)", path, aside, problem)
        return OpenedFile(_connect(path), aside, notice)
    except (OSError, sqlite3.OperationalError) as exc:
        raise _unavailable(path, exc) from exc


def _unavailable(path: Path, exc: Exception) -> HistoryUnavailableError:
    return HistoryUnavailableError(f"The history file {path} cannot be written just now ({exc}).")


def open_read_only(path: Path) -> sqlite3.Connection:
    """The file opened for reading only (a full disk, a read-only folder): nothing is written.

    SQLite needs to create the -shm file to read a WAL database; where it cannot and no -wal file
    holds recent commits, the file is opened as immutable (its content is all there is).
    """
    if not path.is_file():
        raise HistoryUnavailableError(f"There is no history file at {path}.")
    uri = path.resolve().as_uri()
    wal = Path(f"{path}-wal")
    modes = ["?mode=ro"]
    if not wal.exists() or wal.stat().st_size == 0:
        modes.append("?mode=ro&immutable=1")
    last: Exception | None = None
    for mode in modes:
        con = sqlite3.connect(uri + mode, uri=True, timeout=BUSY_TIMEOUT)
        try:
            _refuse_newer(con, path)
            con.execute("SELECT count(*) FROM sessions").fetchone()
        except sqlite3.Error as exc:
            con.close()
            last = exc
            continue
        return con
    raise _unavailable(path, last or OSError("unknown"))


def memory_history() -> sqlite3.Connection:
    """An empty history in memory, for a run that cannot use the file (nothing is kept)."""
    con = sqlite3.connect(":memory:")
    _migrate(con, Path(":memory:"))
    return con


def tighten_journal_modes(path: Path) -> None:
    """Mode 0600 for the -wal and -shm files, which SQLite creates on the first write."""
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.chmod(f"{path}{suffix}", 0o600)
