import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_openapi_schema_validates_and_lists_content_endpoints(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    for path in ("/api/v1/processes/{id}/", "/api/v1/regions/{code}/bundle/",
                 "/api/v1/editor/processes/{id}/steps/"):  # fmt: skip
        assert path in schema["paths"]


def test_api_docs_page_loads(client):
    assert client.get("/api/docs/").status_code == 200
