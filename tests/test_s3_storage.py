"""Stored files on S3-compatible storage (KENDALI_S3_*, config/settings.py), against moto's S3
server on loopback.

The STORAGES used here is the one config/settings.py builds from the KENDALI_S3_* variables
(the module is run again with them set). Permit.pdf and the other FileFields name no storage,
so theirs is the `default_storage` lazy object; Django's setting_changed handler empties it
when STORAGES is overridden, so every FileField, the views included, resolve the bucket. The
test checks that it does before trusting anything else.
"""

import hashlib
import runpy
import threading
from pathlib import Path

import boto3
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from storages.backends.s3 import S3Storage

import config.settings
from office.roles import Role
from permits.backup import backup
from permits.models import CommitmentCheck, Permit
from workflow.table import Status

BUCKET = "kendali-berkas"
S3_VARIABLES = (
    "KENDALI_S3_BUCKET",
    "KENDALI_S3_ENDPOINT_URL",
    "KENDALI_S3_ACCESS_KEY_ID",
    "KENDALI_S3_SECRET_ACCESS_KEY",
    "KENDALI_S3_REGION",
)
KEY_ID, SECRET = "kendali-uji", "rahasia-uji-bukan-produksi"


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    # start() waits forever if the server thread dies while binding: give it a deadline.
    starter = threading.Thread(target=server.start, daemon=True)
    starter.start()
    starter.join(timeout=15)
    try:
        host, port = server.get_host_and_port()
    except AssertionError:
        pytest.skip("moto's S3 server did not start on 127.0.0.1")
    yield f"http://{host}:{port}"
    server.stop()


def settings_with(monkeypatch, tmp_path, **env) -> dict:
    """config/settings.py run afresh with these environment variables."""
    monkeypatch.setenv("KENDALI_VAR_DIR", str(tmp_path / "var"))
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(config.settings.__file__)))


@pytest.fixture
def s3(s3_endpoint, monkeypatch, tmp_path):
    """The default storage is the bucket, configured as production configures it."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    built = settings_with(
        monkeypatch,
        tmp_path,
        KENDALI_S3_BUCKET=BUCKET,
        KENDALI_S3_ENDPOINT_URL=s3_endpoint,
        KENDALI_S3_ACCESS_KEY_ID=KEY_ID,
        KENDALI_S3_SECRET_ACCESS_KEY=SECRET,
        KENDALI_S3_REGION="us-east-1",
    )
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    storages = {**settings.STORAGES, "default": built["STORAGES"]["default"]}
    with override_settings(STORAGES=storages):
        yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def local_files() -> set[Path]:
    return {p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_without_a_bucket_files_stay_in_the_private_folder(monkeypatch, tmp_path):
    built = settings_with(monkeypatch, tmp_path)

    default = built["STORAGES"]["default"]
    assert default["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_the_bucket_is_private_and_never_overwritten(monkeypatch, tmp_path):
    built = settings_with(
        monkeypatch, tmp_path, KENDALI_S3_BUCKET=BUCKET, KENDALI_S3_ENDPOINT_URL="http://s3.lan"
    )

    default = built["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == BUCKET
    assert default["OPTIONS"]["file_overwrite"] is False
    assert default["OPTIONS"]["default_acl"] is None
    assert default["OPTIONS"]["querystring_auth"] is True


def test_a_permit_is_stored_in_the_bucket_and_served_from_it(s3, file_at, staff, client):
    pdf_storage = Permit._meta.get_field("pdf").storage
    pdf_storage.exists("x")  # resolve the lazy object
    assert isinstance(pdf_storage._wrapped, S3Storage)
    local_before = local_files()

    application = file_at(Status.NUMBERED)

    permit = application.permit
    permit.refresh_from_db()
    keys = {
        item["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        for item in page.get("Contents", [])
    }
    assert permit.pdf.name in keys
    stored = s3.get_object(Bucket=BUCKET, Key=permit.pdf.name)["Body"].read()
    assert sha256(stored) == permit.pdf_sha256
    # The commitment evidence uploaded on the way went to the bucket as well.
    evidence = CommitmentCheck.objects.filter(application=application).exclude(evidence_file="")
    assert evidence and {c.evidence_file.name for c in evidence} <= keys
    # Nobody but the owner may read an object: no grant to everyone or to any signed-in account.
    grants = s3.get_object_acl(Bucket=BUCKET, Key=permit.pdf.name)["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants)
    assert local_files() == local_before

    client.force_login(staff[Role.FO])
    staff_copy = client.get(reverse("pdf_permit", args=[application.pk]))
    assert staff_copy.status_code == 200
    assert b"".join(staff_copy.streaming_content) == stored

    client.logout()
    public_copy = client.post(
        reverse("public:download"),
        {"no": application.registration_number, "kode": application.tracking_code},
    )
    assert public_copy.status_code == 200
    assert b"".join(public_copy.streaming_content) == stored

    # Saving under the permit's name again makes a new object; the signed one stays as it was.
    other = default_storage.save(permit.pdf.name, ContentFile(b"bukan izin"))
    assert other != permit.pdf.name
    assert sha256(s3.get_object(Bucket=BUCKET, Key=permit.pdf.name)["Body"].read()) == (
        permit.pdf_sha256
    )
    assert local_files() == local_before


def test_a_backup_reads_the_files_from_the_bucket(s3, file_at, tmp_path):
    application = file_at(Status.NUMBERED)
    permit = Permit.objects.get(application=application)

    result = backup(tmp_path / "backups")

    assert result.manifest["files"][permit.pdf.name]["sha256"] == permit.pdf_sha256
    assert result.manifest["storage"] == "storages.backends.s3.S3Storage"
    assert result.missing_files == []
