"""Query budgets: a page does the same number of queries for 3 and for 30 steps or items."""

import pytest

from apps.content.mentions import mention_encode
from apps.core.cache import content_generation_bump
from tests.content.factories import EventFactory, ProcessFactory, TopicFactory

pytestmark = pytest.mark.django_db

# region (1), its ancestors (1), process (+ organisation), topics, user types, steps
# (+ office), required documents, their images, documents received, their images, links,
# comments (+ organisation), one query for the glossary terms mentioned, counselling
# offers on its topics (+ organisation, office), the audio of the process and its steps
# (speech); the translation states of the process, of its steps and links, and of its
# tips (apps/translations).
PROCESS_QUERIES = 18


@pytest.mark.parametrize("n_steps", [3, 30])
def test_process_page_queries_do_not_depend_on_steps(
    client, make_process, make_term, django_assert_num_queries, n_steps
):
    term = make_term()
    process = make_process(
        n_steps, description_en=f"<p>{mention_encode('g', term.pk, 'Residence')}</p>"
    )
    path = f"/en/processes/{process.pk}/"
    client.get(path)  # warm the tenant cache
    content_generation_bump()  # but not the page's own cache (tests/migrants/test_cache.py)
    with django_assert_num_queries(PROCESS_QUERIES):
        response = client.get(path)
    assert response.status_code == 200
    assert response.content.decode().count('class="flow-step') == n_steps


LIST_QUERIES = {
    # region, ancestors, topics, user types, the items, their translation states
    "/en/processes/": 8,  # + topics and user types in use
    "/en/information/": 8,  # + topics and user types in use
    # region, ancestors, the terms, their translation states
    "/en/glossary/": 4,
    # region, ancestors, topics, user types, upcoming events, their translation states
    "/en/": 8,
}


@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize("path", list(LIST_QUERIES))
def test_list_page_queries_do_not_depend_on_items(
    client, make_term, make_information, town, organisation,
    django_assert_num_queries, path, n,
):  # fmt: skip
    for index in range(n):
        make_term(term_en=f"Term {index}")
        make_information(title_en=f"Page {index}")
        EventFactory(region=town, organisation=organisation, title_en=f"Event {index}")
        TopicFactory()
        ProcessFactory(region=town, organisation=organisation, title_en=f"Process {index}")
    client.get(path)  # warm the tenant cache
    content_generation_bump()  # but not the page (tests/migrants/test_page_cache.py)
    with django_assert_num_queries(LIST_QUERIES[path]):
        response = client.get(path)
    assert response.status_code == 200
    marker = {"/en/processes/": "Process", "/en/information/": "Page", "/en/glossary/": "Term"}
    if path in marker:  # every item is listed, the last one too
        assert f"{marker[path]} {n - 1}</a>" in response.content.decode()


@pytest.mark.parametrize("n", [3, 30])
def test_user_type_filter_on_home_adds_one_query(
    client, town, organisation, user_type, django_assert_num_queries, n
):
    for index in range(n):
        ProcessFactory(
            region=town, organisation=organisation, title_en=f"Process {index}"
        ).user_types.add(user_type)
    client.get("/en/")
    with django_assert_num_queries(LIST_QUERIES["/en/"] + 1):
        response = client.get("/en/", {"user_type": user_type.pk})
    assert response.content.decode().count("/en/processes/") >= n
