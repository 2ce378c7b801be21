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
@pytest.mark.parametrize("added", [3, 30])
def test_region_list_query_budget(client, django_assert_num_queries, added):
    from apps.regions.models import Region

    before = client.get("/api/v1/regions/").json()["count"]
    land = Region.objects.get(code="08")
    Region.objects.bulk_create(
        Region(code=f"08{i:03d}", name=f"Kreis {i}", level=2, parent=land) for i in range(added)
    )
    with django_assert_num_queries(2):  # count + page
        body = client.get("/api/v1/regions/").json()
    assert body["count"] == before + added  # the regions and the new Kreise, one page of 50
    codes = {r["code"] for r in body["results"]}
    assert {f"08{i:03d}" for i in range(added)} <= codes, "every new region is listed"


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


def test_public_api_is_throttled_per_client_with_a_translated_error(client, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "3/minute"},
    }
    for _ in range(3):
        assert client.get("/api/v1/regions/").status_code == 200
    response = client.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "throttled"
    assert error["message"].startswith("Too many requests. Please try again in ")
    assert int(response["Retry-After"]) > 0
    # Another client address has its own allowance.
    assert client.get("/api/v1/regions/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_throttle_can_be_switched_off(client, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "", "user": None},
    }
    for _ in range(5):
        assert client.get("/api/v1/regions/").status_code == 200
