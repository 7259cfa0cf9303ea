"""Where uploaded scans are kept: generated names per application, never the client's name."""

import uuid
from pathlib import PurePosixPath


def _stored_name(folder: str, application_id: int, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"applications/{application_id}/{folder}/{uuid.uuid4().hex}{suffix}"


def requirement_scan_path(instance, filename: str) -> str:
    return _stored_name("requirements", instance.application_id, filename)


def commitment_evidence_path(instance, filename: str) -> str:
    return _stored_name("commitments", instance.application_id, filename)


def power_of_attorney_path(instance, filename: str) -> str:
    return _stored_name("handover", instance.application_id, filename)


def declared_file_path(instance, filename: str) -> str:
    return _stored_name("fields", instance.application_id, filename)
