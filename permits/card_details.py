"""How the details a step writes on the control card read to people (page and printed card).

The keys are written by permits.step_work; one table here so the file page and the printed
card cannot name them differently.
"""

LABELS = {
    "missing": "Kekurangan",
    "corrected_scans": "Pindaian baru",
    "permit_number": "Nomor izin",
    "recipient": "Penerima",
    "recipient_name": "Nama penerima",
    "recipient_identity": "Identitas penerima",
    "channel": "Cara penyerahan",
}
VALUES = {
    "channel": {"counter": "Di loket", "download": "Diunduh pemohon"},
    "recipient": {"proxy": "Kuasa pemohon", "applicant": "Pemohon sendiri"},
}


def detail_items(context) -> list[tuple[str, object]]:
    """A control-card entry's details as (label, value) pairs; a value may be a list."""
    if not isinstance(context, dict):
        return []
    items = []
    for key, value in context.items():
        if value in ("", None, []):
            continue
        value = VALUES.get(key, {}).get(value, value) if isinstance(value, str) else value
        items.append((LABELS.get(key, key.replace("_", " ").capitalize()), value))
    return items
