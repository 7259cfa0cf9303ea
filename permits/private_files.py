"""One way to answer with stored private bytes (scans, permits, complaint attachments).

Views check who asks and record the download first; then `private_file_response` answers.

- By default Django streams the file (FileResponse).
- With `KENDALI_X_ACCEL_REDIRECT_PREFIX` set (e.g. "/_private/"), the body is empty and
  `X-Accel-Redirect: <prefix><storage name>` tells nginx to send the file from an
  `internal` location aliased to PRIVATE_MEDIA_ROOT. nginx keeps this response's
  Content-Type, Content-Disposition and Cache-Control on that redirect, but not ETag or
  X-Content-Type-Options: its internal location must add nosniff itself (and it sends its
  own ETag from the file's size and time).

A storage name that is not plain ASCII path characters is streamed by Django instead:
nginx would read "?" as a query string and "%" as an escape.
"""

import re

import filetype
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from office.uploads import ALLOWED_UPLOADS

# Names the upload paths generate (permits/uploads.py, permits/models/permit.py, complaints).
_SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._/-]*")


def _secure(response: HttpResponse, etag: str) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if etag:
        response["ETag"] = f'"{etag}"'
    return response


def _accel_path(name: str) -> str | None:
    prefix = getattr(settings, "KENDALI_X_ACCEL_REDIRECT_PREFIX", "")
    if not prefix or not _SAFE_NAME.fullmatch(name) or ".." in name.split("/"):
        return None
    return prefix + name


def _located(stored: FieldFile | str, storage: Storage | None) -> tuple[Storage, str]:
    if isinstance(stored, FieldFile):
        return stored.storage, stored.name
    return storage or default_storage, stored


def private_file_response(
    stored: FieldFile | str,
    filename: str,
    *,
    as_attachment: bool,
    content_type: str,
    storage: Storage | None = None,
    etag: str = "",
) -> HttpResponse:
    """The stored file as a response; FileNotFoundError when it is not in storage.

    `stored` is a file field's value, or a storage name (in `storage`, default storage if None).
    """
    storage, name = _located(stored, storage)
    if not name:
        raise FileNotFoundError("no file stored")
    accel_path = _accel_path(name)
    if accel_path is None:
        response = FileResponse(
            storage.open(name, "rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
        return _secure(response, etag)
    # The view answers only for a file that is there: nginx would 404 without the view's page.
    if not storage.exists(name):
        raise FileNotFoundError(name)
    response = HttpResponse(b"", content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Accel-Redirect"] = accel_path
    return _secure(response, etag)


def sniffed_type(stored: FieldFile) -> tuple[str, str]:
    """(content type, extension) read from an upload's first bytes, never from its name.

    Only the types uploads are checked against (office.uploads.ALLOWED_UPLOADS);
    anything else is served as opaque bytes. FileNotFoundError when it is not in storage.
    """
    with stored.storage.open(stored.name, "rb") as handle:
        head = handle.read(8192)
    guessed = filetype.guess(head)
    content_type = (
        guessed.mime if guessed and guessed.mime in ALLOWED_UPLOADS else "application/octet-stream"
    )
    return content_type, ALLOWED_UPLOADS.get(content_type, "bin")
