"""Printed documents of a file: receipt, draft, final permit, control card, rejection letter.

One generator module per document; all of them go through `rendering.render_pdf`, which
keeps one WeasyPrint font configuration and one print stylesheet per process.
"""
