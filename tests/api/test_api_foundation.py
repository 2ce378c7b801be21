import pytest
import yaml
from openapi_spec_validator import validate

from tests.conftest import ALL_ROLES


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_regions_are_public_and_read_only(role_client, role):
    client = role_client(role)
    response = client.get("/api/v1/regions/?level=1")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 16
    by_code = {r["code"]: r for r in body["results"]}
    assert by_code["08"]["name"] == "Baden-Württemberg"
    assert by_code["08"]["parent"] == "DE"
    assert client.post("/api/v1/regions/", {"code": "99"}).status_code in {401, 403, 405}


@pytest.mark.django_db
def test_region_list_query_budget(client, django_assert_num_queries):
    with django_assert_num_queries(2):  # count + page
        assert client.get("/api/v1/regions/").status_code == 200


@pytest.mark.django_db
def test_region_detail_and_not_found_error_shape(client):
    assert client.get("/api/v1/regions/08/").json()["iso_code"] == "DE-BW"
    response = client.get("/api/v1/regions/99/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_schema_is_valid_openapi(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    validate(spec)
    assert "/api/v1/regions/" in spec["paths"]


@pytest.mark.django_db
def test_api_docs_are_served_locally(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html.replace("https://swagger.io", "")
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
