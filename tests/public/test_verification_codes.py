"""A verification address whose code cannot be one (a NUL, spaces, too long) is a plain 404,
looked up in no table: PostgreSQL refuses a NUL in a query, which had made it a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["%00", "abc%00def", "kode%20lain", "a" * 41, "%C3%A9t%C3%A9"])
@pytest.mark.parametrize("page", ["/verifikasi/{}/", "/verifikasi/surat/{}/"])
def test_a_code_that_cannot_be_one_is_not_found(client, page, code):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.format(code))
    assert response.status_code == 404
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "permits_permit" not in read and "permits_letter" not in read
