"""Opening an encrypted export (``export --encrypt``) before it is imported."""

from __future__ import annotations

from collections.abc import Callable

from ketacheck.exchange.importer import ImportFileError
from ketacheck.store.envelope import EnvelopeError
from ketacheck.store.errors import StoreError
from ketacheck.store.sealed_export import export_opens_without_passphrase, is_sealed, open_export


def open_if_sealed(payload: bytes, passphrase: Callable[[], str] | None) -> bytes:
    """``payload`` as it is, or opened if it is encrypted.

    Raises:
        ImportFileError: it is encrypted and can't be opened here, saying why.
    """
    if not is_sealed(payload):
        return payload
    given = None
    if not export_opens_without_passphrase(payload):
        if passphrase is None:
            raise ImportFileError(
                "it is encrypted; import it with 'ketacheck import FILE' in a terminal, "
                "which asks for its passphrase"
            )
        given = passphrase()
    try:
        return open_export(payload, given)
    except EnvelopeError as exc:
        raise ImportFileError(f"it is encrypted, and {exc}") from None
    except StoreError as exc:
        raise ImportFileError(str(exc)) from None
