"""Real images for upload tests: small ones made by Pillow, and decompression bombs.

A bomb is a small file that decodes to a huge picture. `png_bomb` writes the PNG by hand,
row by row through one zlib stream, so making a 20000 x 20000 one takes a few megabytes of
memory, not the 400 MB Pillow would need to draw it first. `jpeg_claiming` is a tiny JPEG
whose header claims another size, which is all a browser looks at before it allocates.
"""

import io
import struct
import zlib

from PIL import Image


def small_png(width: int = 20, height: int = 24) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def small_jpeg(width: int = 20, height: int = 24) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid 1-bit greyscale PNG, all black: 400 megapixels in about 50 KB by default."""
    row = b"\x00" + bytes((width + 7) // 8)  # filter byte "none", then the packed pixels
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG with its frame header (SOF0) rewritten to claim width x height."""
    data = bytearray(small_jpeg(16, 16))
    sof = data.index(b"\xff\xc0")
    # FFC0, length (2), precision (1), then height and width (2 bytes each).
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)
