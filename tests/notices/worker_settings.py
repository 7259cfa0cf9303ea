"""Settings of the processes of tests/notices/test_batch_kill.py: the test settings with the
database queue, and a media folder shared by those processes (KENDALI_SCENARIO_MEDIA)."""

import os

from config.settings_test import *  # noqa: F403
from config.settings_test import STORAGES

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PRIVATE_MEDIA_ROOT = os.environ["KENDALI_SCENARIO_MEDIA"]
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
