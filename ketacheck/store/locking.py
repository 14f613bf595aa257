"""The inter-process lock: one writer at a time in a data folder, and readers never wait.

Every ketacheck process using the folder (a second window, a CLI command in another
terminal) takes the same lock file before it saves. A process that has to wait says whom
it is waiting for after a second, and gives up after :data:`LOCK_TIMEOUT` seconds rather
than hang behind a writer that was suspended.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from ketacheck.store.errors import LockTimeoutError, LockUnavailableError, StoreError
from ketacheck.store.fileio import describe_os_error, open_nofollow
from ketacheck.store.paths import FILE_MODE

#: How long a save waits for another ketacheck to finish before giving up, in seconds.
LOCK_TIMEOUT: float = 30
#: After how many seconds of waiting a save says what it is waiting for.
LOCK_NOTICE_AFTER: float = 1


def say_waiting(holder: int | None) -> None:
    """Tell the patient, on stderr, why a save is taking a while."""
    who = f"another ketacheck (pid {holder})" if holder else "another ketacheck"
    with contextlib.suppress(OSError, ValueError):
        print(f"ketacheck: waiting for {who} to finish...", file=sys.stderr, flush=True)


class InterProcessLock:
    """An exclusive lock on a file, shared by every ketacheck process using the folder.

    Re-entrant within one object, so a transaction can hold it across several writes.
    The holder's process id is written into the file, so a process that has to wait can
    say whom it waits for. Only writers take it: readers rely on every save being an
    atomic rename, and never wait.
    """

    def __init__(self, path: Path, on_wait: Callable[[int | None], None] | None = None) -> None:
        self.path = path
        self.on_wait = on_wait or say_waiting
        self._fd: int | None = None
        self._depth = 0

    def _open(self) -> int:
        try:
            return open_nofollow(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except StoreError:
            raise
        except OSError as exc:
            raise LockUnavailableError(self.path, describe_os_error(exc)) from None

    def acquire(self) -> None:
        """Wait until this process holds the lock (see :data:`LOCK_TIMEOUT`).

        Raises:
            LockTimeoutError: another process held it for :data:`LOCK_TIMEOUT` seconds.
            LockUnavailableError: the lock file can't be opened (a read-only disk...).
            UnsafePathError: the lock file is a symbolic link.
        """
        if self._depth:
            self._depth += 1
            return
        fd = self._open()
        try:
            locked = _try_lock_fd(fd)
        except BaseException:
            os.close(fd)
            raise
        if not locked:
            _wait_for_lock(fd, self.on_wait)  # closes fd itself if it fails
        self._hold(fd)

    def try_acquire(self) -> bool:
        """Take the lock only if it is free right now; never waits.

        Returns False when another process holds it, or when it can't be opened at all
        (a read-only disk): the caller then reads without writing anything.

        Raises:
            UnsafePathError: the lock file is a symbolic link.
        """
        if self._depth:
            self._depth += 1
            return True
        try:
            fd = self._open()
        except LockUnavailableError:
            return False
        try:
            locked = _try_lock_fd(fd)
        except BaseException:
            os.close(fd)
            raise
        if not locked:
            os.close(fd)
            return False
        self._hold(fd)
        return True

    def _hold(self, fd: int) -> None:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        self._depth = 1

    def release(self) -> None:
        """Give the lock back."""
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                _unlock_fd(fd)
            finally:
                os.close(fd)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the body of a ``with`` block."""
        self.acquire()
        try:
            yield
        finally:
            self.release()


def lock_holder(fd: int) -> int | None:
    """The process id the holder wrote into the lock file, if it did."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _wait_for_lock(fd: int, on_wait: Callable[[int | None], None]) -> None:
    """Block until ``fd`` is locked, saying so after a second, giving up after the timeout.

    The blocking lock call runs on a helper thread, so the wait can end on time while
    the kernel still queues this process fairly with the other waiters. On any failure
    ``fd`` is closed: here, or by the helper once it gets the lock it no longer wants.

    Raises:
        LockTimeoutError: the lock was not free within :data:`LOCK_TIMEOUT` seconds.
    """
    timeout, notice_after = LOCK_TIMEOUT, LOCK_NOTICE_AFTER
    got = threading.Event()
    guard = threading.Lock()
    outcome: dict[str, object] = {}

    def take() -> None:
        try:
            _lock_fd(fd)
        except BaseException as exc:  # raised again by the waiting thread
            outcome["error"] = exc
        with guard:
            if not outcome.get("abandoned"):
                got.set()
                return
        with contextlib.suppress(OSError):
            os.close(fd)  # closing it releases the lock it just got

    def give_up() -> bool:
        with guard:
            if got.is_set():
                return False  # it arrived just in time
            outcome["abandoned"] = True
            return True

    threading.Thread(target=take, name="ketacheck-lock-wait", daemon=True).start()
    try:
        if not got.wait(notice_after):
            on_wait(lock_holder(fd))
            got.wait(max(0.0, timeout - notice_after))
    except BaseException:
        if not give_up():
            os.close(fd)
        raise
    if not got.is_set():
        holder = lock_holder(fd)
        if give_up():
            raise LockTimeoutError(holder, timeout)
    error = outcome.get("error")
    if isinstance(error, BaseException):
        os.close(fd)
        raise error


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)

    def _try_lock_fd(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _try_lock_fd(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
