"""Query budgets: each PA authoring page runs the same number of queries for 3 and 30
items (or steps, revisions, items in review)."""

import pytest

from apps.content import services
from apps.content.models import Event, Process
from tests.administration.content.conftest import url

pytestmark = pytest.mark.django_db

SIZES = [3, 30]


@pytest.fixture
def editor(role_client):
    client = role_client("pa_editor")
    client.get(url("content-index"))  # session and 2FA state warmed up
    return client


@pytest.fixture
def admin(role_client):
    client = role_client("pa_admin")
    client.get(url("content-index"))
    return client


@pytest.mark.parametrize("n", SIZES)
def test_process_list(editor, make_item, topic, n, django_assert_num_queries):
    for index in range(n):
        item = make_item(Process, f"Verfahren {index}", title_en=f"Procedure {index}")
        item.topics.add(topic)
    with django_assert_num_queries(11):
        response = editor.get(url("content-list", "process") + "?status=draft&missing=ar")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('name="ids"') == min(n, 25)
    # A page of the grown list, each row with its title (25 at most).
    shown = sum(f"Verfahren {i}<" in body or f"Procedure {i}<" in body for i in range(n))
    assert shown == min(n, 25), "every item of the page is listed with its title"


@pytest.mark.parametrize("n", SIZES)
def test_event_list_search(editor, make_item, n, django_assert_num_queries):
    from django.utils import timezone

    for index in range(n):
        make_item(Event, f"Infoabend {index}", start=timezone.now())
    with django_assert_num_queries(11):
        response = editor.get(url("content-list", "event") + "?q=Infoabend")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('name="ids"') == min(n, 25)
    assert f"Infoabend {n - 1}" in body


@pytest.mark.parametrize("n", SIZES)
def test_topic_list(editor, n, django_assert_num_queries):
    from apps.content.models import Topic

    Topic.objects.bulk_create(Topic(name_de=f"Thema {i}") for i in range(n))
    with django_assert_num_queries(7):
        response = editor.get(url("content-list", "topic"))
    assert response.status_code == 200
    body = response.content.decode()
    # A page of topics (25 at most; the order depends on the database's collation).
    assert sum(f"Thema {i}<" in body for i in range(n)) == min(n, 25), "every topic is listed"


@pytest.mark.parametrize("n", SIZES)
def test_step_editor(editor, process_with_steps, n, django_assert_num_queries):
    process = process_with_steps(n)
    with django_assert_num_queries(16):
        response = editor.get(url("content-steps", process.pk))
    assert response.status_code == 200
    assert response.content.decode().count('class="pa-step-title"') == n


@pytest.mark.parametrize("n", SIZES)
def test_preview(editor, process_with_steps, n, django_assert_num_queries):
    process = process_with_steps(n)
    with django_assert_num_queries(12):
        response = editor.get(url("content-preview", process.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert all(f"Schritt {i + 1}<" in body for i in range(n)), "every step is previewed"


@pytest.mark.parametrize("n", SIZES)
def test_process_edit(editor, process_with_steps, n, django_assert_num_queries):
    process = process_with_steps(n)
    # 15 + the region's ancestors (tags of the region and above) + translation states (tabs)
    with django_assert_num_queries(17):
        response = editor.get(url("content-edit", "process", process.pk))
    assert response.status_code == 200
    assert "Wohnsitz anmelden" in response.content.decode()


@pytest.mark.parametrize("n", SIZES)
def test_revisions(editor, process_with_steps, n, django_assert_num_queries):
    process = process_with_steps(n)  # n steps -> about n revisions
    with django_assert_num_queries(13):
        response = editor.get(url("content-revisions", "process", process.pk))
    assert response.status_code == 200
    # One row per revision: the process and each of its n steps at least.
    assert response.content.decode().count('name="from"') >= n + 1


@pytest.mark.parametrize("n", SIZES)
def test_diff(editor, process_with_steps, n, django_assert_num_queries):
    process = process_with_steps(n)
    with django_assert_num_queries(13):
        response = editor.get(
            url("content-diff", "process", process.pk) + f"?from=1&to={process.version}"
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert all(f"Schritt {i + 1}" in body for i in range(n)), "every added step is in the diff"


@pytest.mark.parametrize("n", SIZES)
def test_step_edit(editor, process_with_steps, n, django_assert_num_queries):
    process = process_with_steps(n)
    step = process.steps.first()
    with django_assert_num_queries(18):  # 16 + the branches leaving the step + states (tabs)
        response = editor.get(url("content-step-edit", process.pk, step.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Schritt 1" in body
    # The label of the branch that leaves it, to the last step.
    assert f"Schritt {n}" in body


@pytest.mark.parametrize("n", SIZES)
def test_moderation_queue(admin, make_item, author, n, django_assert_num_queries):
    for index in range(n):
        item = make_item(Process, f"Verfahren {index}")
        services.item_submit(item=item, user=author)
    with django_assert_num_queries(12):  # one query per content type (counselling offers too)
        response = admin.get(url("content-moderation"))
    assert response.status_code == 200
    assert response.content.decode().count("Approve and publish") == n


@pytest.mark.parametrize("n", SIZES)
def test_index(editor, make_item, n, django_assert_num_queries):
    for index in range(n):
        make_item(Process, f"Verfahren {index}")
    with django_assert_num_queries(5):
        response = editor.get(url("content-index"))
    assert response.status_code == 200
    # The index names the kinds, not the items: the same page whatever their number.
    assert response.content.decode().count('<li class="card">') == 10


@pytest.mark.parametrize("n", SIZES)
def test_create_form_with_choices(editor, make_item, n, django_assert_num_queries):
    from apps.content.models import Office, Topic

    Topic.objects.bulk_create(Topic(name_de=f"Thema {i}") for i in range(n))
    for index in range(n):
        make_item(Office, f"Amt {index}")
    # 10 + the region's ancestors (tags of the region and above)
    with django_assert_num_queries(11):
        response = editor.get(url("content-create", "event"))
    assert response.status_code == 200
    assert response.content.decode().count("Amt ") == n


@pytest.mark.parametrize("n", SIZES)
def test_topic_edit(editor, n, django_assert_num_queries):
    from apps.content.models import Topic

    Topic.objects.bulk_create(Topic(name_de=f"Thema {i}") for i in range(n))
    topic = Topic.objects.first()
    with django_assert_num_queries(7):
        response = editor.get(url("content-edit", "topic", topic.pk))
    assert response.status_code == 200
    body = response.content.decode()
    # The parent select offers every other topic.
    assert all(f"Thema {i}<" in body for i in range(1, n))
