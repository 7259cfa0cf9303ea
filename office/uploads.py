"""Checks of uploaded files, judged by content, size and pixel count, with messages in Indonesian.

The ground floor (ADR 0009): the desks' scans (`validate_upload`, used by permits) and the
office's own logo (`validate_logo`, on OfficeProfile.logo) pass the same checks. The content
type is read from the file's first bytes by `filetype`, never from its name; an image's width
and height are read from its header by Pillow without decoding it, and an image over
settings.UPLOAD_MAX_PIXELS is refused: pages show images inline, and a browser decodes every
pixel a header claims.
"""

import warnings

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

from office.indonesian import number_id

ALLOWED_UPLOADS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


def validate_upload(uploaded) -> str:
    """Accept PDF, JPEG or PNG judged by content, within the size limit; return its extension.

    An image must also be readable and within settings.UPLOAD_MAX_PIXELS.
    """
    mime = _checked_type(
        uploaded,
        ALLOWED_UPLOADS,
        "Berkas harus berupa PDF, JPEG atau PNG (isi berkas diperiksa, bukan nama berkasnya).",
    )
    if mime in PILLOW_FORMATS:
        _check_image(uploaded, PILLOW_FORMATS[mime])
    return ALLOWED_UPLOADS[mime]


def validate_logo(uploaded) -> None:
    """The office logo: PNG or JPEG judged by content, within the byte and the pixel limit.

    It is printed on every permit and shown on every page, so a PDF is no logo and a
    decompression bomb would be decoded by every visitor's browser.
    """
    if not hasattr(uploaded, "seek"):  # a stored name, not a file (e.g. a model default)
        return
    mime = _checked_type(
        uploaded,
        PILLOW_FORMATS,
        "Logo harus berupa gambar PNG atau JPEG (isi berkas diperiksa, bukan nama berkasnya).",
    )
    _check_image(uploaded, PILLOW_FORMATS[mime])


def _checked_type(uploaded, allowed: dict, wrong_type: str) -> str:
    """The content type of `uploaded` if it is within the size limit and one of `allowed`."""
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            f"Ukuran berkas melebihi batas {limit / (1024 * 1024):g} MB.", code="upload_too_large"
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed:
        raise ValidationError(wrong_type, code="upload_type")
    return kind.mime


def _megapixels(pixels: int) -> str:
    if pixels >= 10_000_000:
        return f"{round(pixels / 1_000_000)} megapiksel"
    return f"{pixels / 1_000_000:.1f} megapiksel".replace(".", ",")


def _pixel_limit_text(limit: int) -> str:
    """The limit as the message says it, with a round 4:3 photo size that fits in it."""
    side = int((limit / 12) ** 0.5) // 250 * 250
    example = (
        f" (misalnya {number_id(4 * side, 0)} × {number_id(3 * side, 0)} piksel)" if side else ""
    )
    return f"paling banyak {_megapixels(limit)}{example}"


def _check_image(uploaded, image_format: str) -> None:
    """Read the width and height from the header alone (Image.open does not decode).

    The limit is ours and lower than Pillow's: Pillow warns from its MAX_IMAGE_PIXELS
    (DecompressionBombWarning, silenced here: the size is judged below, also where warnings
    are errors) and refuses twice that itself (DecompressionBombError) before the size can
    be read, which is refused here the same way. (catch_warnings swaps a process-wide
    filter for the moment of the call; the workers are sync, and a race could at worst
    hide or show one unrelated warning.)
    """
    limit = settings.UPLOAD_MAX_PIXELS
    too_many = (
        f"{_pixel_limit_text(limit)}. Perkecil resolusi pindaian atau foto, lalu unggah kembali."
    )
    uploaded.seek(0)
    try:
        with (
            warnings.catch_warnings(action="ignore", category=Image.DecompressionBombWarning),
            Image.open(uploaded, formats=[image_format]) as image,
        ):
            width, height = image.size
    except Image.DecompressionBombError:
        raise ValidationError(
            f"Gambar terlalu besar: {too_many}", code="upload_too_many_pixels"
        ) from None
    except Exception:  # any parse failure of an untrusted file means: not a readable image
        raise ValidationError(
            "Gambar tidak dapat dibaca: berkas rusak atau tidak lengkap. Simpan ulang gambarnya "
            "sebagai PNG atau JPEG, lalu unggah kembali.",
            code="upload_broken_image",
        ) from None
    finally:
        uploaded.seek(0)
    if width * height > limit:
        raise ValidationError(
            f"Gambar terlalu besar: {number_id(width, 0)} × {number_id(height, 0)} piksel "
            f"({_megapixels(width * height)}), {too_many}",
            code="upload_too_many_pixels",
        )
