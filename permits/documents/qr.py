"""QR codes as SVG data URIs: vector, small, no temporary files."""

import segno


def qr_data_uri(url: str) -> str:
    """A QR code of `url` (error correction M, quiet zone of 4 modules) as an SVG data URI.

    The SVG has a viewBox and no fixed size, so the stylesheet decides how big it prints.
    """
    code = segno.make(url, error="m", micro=False)
    return code.svg_data_uri(border=4, omitsize=True, svgclass=None, lineclass=None, nl=False)
