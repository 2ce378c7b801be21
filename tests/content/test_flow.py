"""A process's flow: branches never hide the ordinary next step, and the migrant page, the
PA step editor and the PA preview show the same flow (apps/content/flow.py).

Processes are written through the content services and published by a PA admin, as a
caseworker would; the migrant page is read through HTTP like a visitor of the region.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from apps.content import flow as content_flow
from apps.content import services
from apps.content.models import Process
from tests.migrants.conftest import client_in


@pytest.fixture
def editor(make_user):
    return make_user("pa_editor")


@pytest.fixture
def admin(make_user):
    return make_user("pa_admin")


@pytest.fixture
def build(editor, admin, pa_organisation):
    """build(n, links=[(from, to, label)], allow_cycles=False, stops=()) -> published process
    with steps "Schritt 1" .. "Schritt n"; `stops` are step numbers that do not continue."""

    def make(n, links=(), *, allow_cycles=False, stops=(), publish=True):
        process = services.item_create(
            model=Process,
            user=editor,
            organisation=pa_organisation,
            region=pa_organisation.region,
            data={"title_de": "Arbeit aufnehmen", "allow_cycles": allow_cycles},
        )
        steps = []
        for number in range(1, n + 1):
            data = {"title": f"Schritt {number}"}
            if number in stops:
                data["continues"] = False
            steps.append(
                services.step_create(
                    process=process, user=editor, expected_version=process.version, data=data
                )
            )
        for a, b, label in links:
            services.step_link_create(
                process=process,
                user=editor,
                expected_version=process.version,
                from_step=steps[a - 1],
                to_step=steps[b - 1],
                label={"de": label} if label else None,
            )
        if publish:
            services.item_publish(item=process, user=admin)
        process.refresh_from_db()
        return process

    return make


def migrant_page(process, lang="en") -> str:
    with translation.override(lang):
        path = reverse("migrants:process-detail", kwargs={"pk": process.pk})
    response = client_in(process.region).get(path)
    assert response.status_code == 200
    return response.content.decode()


def step_block(html: str, number: int) -> str:
    """The HTML of step `number` on the migrant page (up to the next step)."""
    start = html.index(f'id="step-{number}"')
    end = html.find('<li class="flow-step', start + 1)
    return html[start : end if end != -1 else html.index("</ol>", start)]


def words(html: str) -> str:
    """What a reader reads: the text without tags, spaces collapsed."""
    return " ".join(strip_tags(html).split())


def options(process) -> dict[int, list[tuple[int | None, str]]]:
    """{step number: [(target number or None for the end, kind)]} of the shared flow."""
    result = {}
    for node in content_flow.process_flow(process).nodes:
        result[node.number] = [(o.to, o.kind) for o in node.options]
        if node.end_otherwise:
            result[node.number].append((None, "end"))
    return result


@pytest.mark.django_db
def test_a_branch_that_skips_ahead_keeps_the_ordinary_next_step(build):
    """The defect: with steps 1-4 and a link 2 -> 4, the way ended after steps 1 and 3 and
    step 2 offered only the branch."""
    process = build(4, [(2, 4, "Wenn Sie schon eine Arbeitserlaubnis haben")])
    html = migrant_page(process)
    assert "This is where this way ends." not in step_block(html, 1)
    assert "This is where this way ends." not in step_block(html, 3)
    two = words(step_block(html, 2))
    assert "Wenn Sie schon eine Arbeitserlaubnis haben: go to step 4" in two
    assert "Otherwise: go to step 3" in two
    assert 'href="#step-3"' in step_block(html, 2)
    assert "This is where this way ends." in step_block(html, 4)
    assert options(process) == {
        1: [],
        2: [(4, "branch"), (3, "otherwise")],
        3: [],
        4: [],
    }


@pytest.mark.django_db
def test_two_branches_from_one_step_and_the_ordinary_way(build):
    process = build(5, [(1, 3, "Mit Jobangebot"), (1, 5, "Mit Blauer Karte")])
    one = words(step_block(migrant_page(process), 1))
    assert "Mit Jobangebot: go to step 3" in one
    assert "Mit Blauer Karte: go to step 5" in one
    assert "Otherwise: go to step 2" in one
    # The order a migrant reads: the branches, then "otherwise".
    assert one.index("go to step 3") < one.index("go to step 5") < one.index("Otherwise")
    html = migrant_page(process)
    for number in (2, 3, 4):
        assert "This is where this way ends." not in step_block(html, number)
    assert "From step 1: Mit Blauer Karte" in words(step_block(html, 5))
    assert content_flow.process_flow(process).warnings == []


@pytest.mark.django_db
def test_a_loop_back_where_the_process_allows_it(build, editor):
    process = build(3, [(3, 2, "Wenn Unterlagen fehlen")], allow_cycles=True)
    html = migrant_page(process)
    three = words(step_block(html, 3))
    assert "Wenn Unterlagen fehlen: go to step 2" in three
    # The last step: the way ends unless the loop is taken.
    assert "Otherwise this is where this way ends." in three
    assert options(process)[3] == [(2, "back"), (None, "end")]
    assert "From step 3: Wenn Unterlagen fehlen" in words(step_block(html, 2))


@pytest.mark.django_db
def test_a_loop_back_is_refused_where_the_process_does_not_allow_it(build, editor):
    process = build(3, publish=False)
    steps = list(process.steps.all())
    # 3 -> 1 leads back: 1 continues to 2 and 2 to 3 in the ordinary order.
    with pytest.raises(ValidationError):
        services.step_link_create(
            process=process,
            user=editor,
            expected_version=process.version,
            from_step=steps[2],
            to_step=steps[0],
        )
    assert process.links.count() == 0


@pytest.mark.django_db
def test_a_step_that_does_not_continue_and_the_editors_warnings(build, role_client):
    """Step 2 ends its way (does not continue, no connection): the way ends there and step 3,
    reached from nowhere, is unreachable. Editor and preview say so, in the words migrants
    will read."""
    process = build(4, [(1, 4, "Mit Aufenthaltstitel")], stops=(2,))
    html = migrant_page(process)
    assert "This is where this way ends." in step_block(html, 2)
    flow = content_flow.process_flow(process)
    assert flow.unreachable == [3]
    assert flow.dead_ends == [2]
    client = role_client("pa_editor")
    with translation.override("en"):
        steps_url = reverse("administration:content-steps", kwargs={"pk": process.pk})
        preview_url = reverse("administration:content-preview", kwargs={"pk": process.pk})
    for target in (steps_url, preview_url):
        page = words(client.get(target).content.decode())
        assert "No step leads to step 3: migrants never reach it." in page
        assert "The way ends at step 2 although steps follow it" in page
        assert "Mit Aufenthaltstitel: go to step 4" in page
        assert "Otherwise: go to step 2" in page
        assert re.search(r"Step 2.*This is where this way ends\.", page, re.S)


@pytest.mark.django_db
def test_pa_step_editor_shows_the_otherwise_step_of_the_defect(build, role_client):
    process = build(4, [(2, 4, "Wenn Sie schon eine Arbeitserlaubnis haben")])
    with translation.override("en"):
        steps_url = reverse("administration:content-steps", kwargs={"pk": process.pk})
    page = words(role_client("pa_editor").get(steps_url).content.decode())
    assert "Wenn Sie schon eine Arbeitserlaubnis haben: go to step 4" in page
    assert "Otherwise: go to step 3" in page
    assert "migrants never reach" not in page
