"""Contract tests: every answer of the API, right or refused, is what its OpenAPI schema says.

The schema is the one the API serves (/api/v1/openapi.json, OpenAPI 3.1, whose schemas are
JSON Schema 2020-12); each response body is validated against the schema declared for its
path, method and status, with jsonschema.
"""

import pytest
from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from complaints.models import SurveyResponse
from tests.api.conftest import Caller
from workflow.table import Status

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def validate(spec: dict, path: str, status: int, body) -> None:
    operation = spec["paths"][path]["get"]
    declared = operation["responses"].get(str(status))
    assert declared, f"{path} does not declare {status}"
    schema = declared["content"]["application/json"]["schema"]
    registry = Registry().with_resource("", Resource(contents=spec, specification=DRAFT202012))
    Draft202012Validator({**schema, "components": spec["components"]}, registry=registry).validate(
        body
    )


def test_the_schema_is_openapi_3_and_every_resource_needs_a_token(spec):
    assert spec["openapi"].startswith("3.")
    resources = [p for p in spec["paths"] if p not in ("/api/v1/openapi.json", "/api/v1/docs")]
    assert len(resources) == 7
    for path in resources:
        operation = spec["paths"][path]["get"]
        assert operation.get("security"), path
        assert {"200", "400", "401", "403", "429"} <= set(operation["responses"]), path


def test_every_answer_matches_its_schema(spec, caller, file_at):
    issued = file_at(Status.HANDED_OVER)
    file_at(Status.RETURNED)
    c = caller()
    answers = {
        "/api/v1/services": c.get("services"),
        "/api/v1/services/{code}": c.get("services/iupi"),
        "/api/v1/files": c.get("files", include="applicant"),
        "/api/v1/files/{registration_number}": c.get(f"files/{issued.registration_number}"),
        "/api/v1/figures": c.get("figures", **PERIOD),
        "/api/v1/skm": c.get("skm", **PERIOD),
        "/api/v1/complaints/figures": c.get("complaints/figures", **PERIOD),
    }
    for path, response in answers.items():
        assert response.status_code == 200, (path, response.content)
        validate(spec, path, 200, response.json())


def test_the_index_of_satisfaction_matches_its_schema_with_answers(spec, caller, file_at):
    issued = file_at(Status.HANDED_OVER)
    SurveyResponse.objects.create(
        respondent_key="uji",
        gender="L",
        age_band="21-30",
        education="s1",
        occupation="swasta",
        service=issued.standard.service,
        **{f"u{i}": 4 for i in range(1, 10)},
    )
    response = caller().get("skm", **PERIOD)
    body = response.json()
    validate(spec, "/api/v1/skm", 200, body)
    assert body["respondents"] == 1
    assert body["ikm"] == 100.0 and body["category"] == "A"
    assert [e["nrr"] for e in body["elements"]] == [4.0] * 9


def test_every_refusal_matches_the_error_schema(spec, caller):
    refusals = [
        ("/api/v1/files", 401, Caller(None).get("files")),
        ("/api/v1/files", 401, Caller("kdl_salah").get("files")),
        ("/api/v1/files", 403, caller(scopes=["services"]).get("files")),
        ("/api/v1/files", 400, caller().get("files", status="x")),
        ("/api/v1/figures", 400, caller().get("figures")),
        ("/api/v1/services/{code}", 404, caller().get("services/tidak-ada")),
    ]
    for path, status, response in refusals:
        assert response.status_code == status, (path, response.content)
        validate(spec, path, status, response.json())


def test_the_contract_check_itself_refuses_a_body_that_breaks_the_schema(spec):
    with pytest.raises(ValidationError):
        validate(spec, "/api/v1/skm", 200, {"respondents": "banyak"})
    with pytest.raises(ValidationError):
        validate(spec, "/api/v1/files", 401, {"error": {"code": "x"}})
