"""The signer interface: PDF bytes in, PAdES-signed PDF bytes out."""

import asyncio
import threading
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

FIELD_NAME = "TTE_Kepala_Dinas"


class SigningError(Exception):
    """The document could not be signed. `message` is written for the officer (Indonesian)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SignatureBox:
    """Where the visible signature goes, in PDF points.

    `page` counts from 0 (negative counts from the end: -1 is the last page); `x`, `y` is the
    lower-left corner measured from the page's lower-left corner, as in PDF.
    """

    page: int
    x: float
    y: float
    width: float
    height: float
    name: str = FIELD_NAME

    @property
    def rect(self) -> tuple[int, int, int, int]:
        """(ll_x, ll_y, ur_x, ur_y), rounded to whole points, as pyHanko's SigFieldSpec wants."""
        return (
            round(self.x),
            round(self.y),
            round(self.x + self.width),
            round(self.y + self.height),
        )


@runtime_checkable
class PdfSigner(Protocol):
    """Signs a PDF with a visible PAdES signature; raises SigningError with a message to show."""

    def sign(
        self,
        pdf: bytes,
        *,
        field: SignatureBox,
        reason: str,
        signer_name: str,
        location: str = "",
    ) -> bytes: ...


def run_sync(coro):
    """asyncio.run(coro), in a thread of its own if this thread already runs an event loop.

    pyHanko's network and validation calls are coroutines; its own synchronous wrappers call
    asyncio.run, which a thread with a running loop (an async test, an ASGI worker) cannot.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    result: dict = {}

    def target():
        try:
            result["value"] = asyncio.run(coro)
        except BaseException as exc:  # handed over to the caller's thread
            result["error"] = exc

    thread = threading.Thread(target=target, name="kendali-signing")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]
