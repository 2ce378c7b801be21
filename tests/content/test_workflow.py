"""The workflow services: which transitions a role may make in which state, bulk transitions
all or nothing, moving a step."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.content import workflow
from apps.content.models import Process, Revision, Status, Step
from tests.content.factories import CourseFactory, ProcessFactory, StepFactory

pytestmark = pytest.mark.django_db

D, R, P, A = Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED, Status.ARCHIVED
# Locks, one renumbering update, then the one step save with its version, revision and
# translation-state bookkeeping (services.step_update): the same for 3 and 30 steps.
STEP_MOVE_QUERIES = 30

# (role, state of a PA item of the role's region) -> the transitions offered
PA_ITEM = {
    ("pa_admin", D): ("submit", "publish", "archive"),
    ("pa_admin", R): ("publish", "return", "archive"),
    ("pa_admin", P): ("archive",),
    ("pa_admin", A): ("submit", "publish"),
    ("pa_editor", D): ("submit",),
    ("pa_editor", R): (),
    ("pa_editor", P): (),
    ("pa_editor", A): ("submit",),
    ("pa_translator", D): (),
    ("pa_translator", R): (),
    ("pa_translator", P): (),
    ("pa_analyst", D): (),
    ("ngo_admin", D): (),
    ("ngo_editor", R): (),
    ("migrant", D): (),
}


@pytest.mark.parametrize(("role", "state"), list(PA_ITEM))
def test_allowed_transitions_of_a_pa_item(make_user, municipality, pa_organisation, role, state):
    item = ProcessFactory(region=municipality, organisation=pa_organisation, status=state)
    assert workflow.allowed_transitions(item, make_user(role)) == PA_ITEM[(role, state)]


NGO_ITEM = {
    ("ngo_editor", D): ("submit",),
    ("ngo_editor", P): (),
    ("ngo_admin", D): ("submit", "archive"),
    ("ngo_admin", P): ("archive",),
    ("pa_admin", R): ("publish", "return", "archive"),  # moderation
    ("pa_editor", R): (),
    ("pa_translator", R): (),
}


@pytest.mark.parametrize(("role", "state"), list(NGO_ITEM))
def test_allowed_transitions_of_an_ngo_item(make_user, municipality, ngo_organisation, role, state):
    item = CourseFactory(region=municipality, organisation=ngo_organisation, status=state)
    assert workflow.allowed_transitions(item, make_user(role)) == NGO_ITEM[(role, state)]


def test_an_ngo_item_of_another_ngo_offers_nothing(make_user, municipality):
    from tests.factories import OrganisationFactory

    other = OrganisationFactory(kind="ngo", region=municipality)
    item = CourseFactory(region=municipality, organisation=other, status=D)
    for role in ("ngo_admin", "ngo_editor"):
        assert workflow.allowed_transitions(item, make_user(role)) == ()


def test_item_transition_refuses_what_is_not_offered(make_user, municipality, pa_organisation):
    item = ProcessFactory(region=municipality, organisation=pa_organisation, status=P)
    with pytest.raises(ValidationError, match="already published"):
        workflow.item_transition(item=item, user=make_user("pa_admin"), transition="publish")
    with pytest.raises(PermissionDenied):
        workflow.item_transition(item=item, user=make_user("pa_editor"), transition="archive")
    with pytest.raises(ValidationError):
        workflow.item_transition(item=item, user=make_user("pa_admin"), transition="delete")
    item.refresh_from_db()
    assert item.status == P
    workflow.item_transition(item=item, user=make_user("pa_admin"), transition="archive")
    item.refresh_from_db()
    assert item.status == A


# --- bulk -------------------------------------------------------------------------------------


@pytest.fixture
def drafts(municipality, pa_organisation):
    return [
        ProcessFactory(region=municipality, organisation=pa_organisation, status=D)
        for _ in range(3)
    ]


def test_bulk_publish_changes_every_item_and_queues_their_work(
    make_user, drafts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        result = workflow.items_bulk_transition(
            user=make_user("pa_admin"), items=drafts, transition="publish"
        )
    assert result.changed == 3 and result.by_model == {"content.process": 3}
    hooks = [c for c in callbacks if c.__qualname__.startswith("item_publish.")]
    assert len(hooks) == 3  # one publication hook (audio ...) per item
    assert {p.status for p in Process.objects.filter(pk__in=[d.pk for d in drafts])} == {P}


def test_bulk_by_default_changes_what_may_change_and_names_the_rest(
    make_user, drafts, municipality, pa_organisation
):
    published = ProcessFactory(region=municipality, organisation=pa_organisation, status=P)
    items = [drafts[0], published, drafts[1]]
    result = workflow.items_bulk_transition(
        user=make_user("pa_admin"), items=items, transition="publish"
    )
    assert result.changed == 2
    assert [(item.pk, reason) for item, reason in result.refused] == [
        (published.pk, "This item is already published.")
    ]
    statuses = dict(
        Process.objects.filter(pk__in=[i.pk for i in items]).values_list("pk", "status")
    )
    assert statuses == {drafts[0].pk: P, published.pk: P, drafts[1].pk: P}


def test_bulk_with_one_invalid_item_changes_nothing(
    make_user, drafts, municipality, pa_organisation, django_capture_on_commit_callbacks
):
    published = ProcessFactory(region=municipality, organisation=pa_organisation, status=P)
    items = [drafts[0], published, drafts[1]]
    admin = make_user("pa_admin")
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(workflow.BulkTransitionRefused) as refused,
    ):
        workflow.items_bulk_transition(
            user=admin, items=items, transition="publish", all_or_nothing=True
        )
    assert [(item.pk, reason) for item, reason in refused.value.refused] == [
        (published.pk, "This item is already published.")
    ]
    assert callbacks == []  # the drafts' publication hooks were dropped with them
    statuses = dict(
        Process.objects.filter(pk__in=[i.pk for i in items]).values_list("pk", "status")
    )
    assert statuses == {drafts[0].pk: D, published.pk: P, drafts[1].pk: D}
    assert drafts[0].status == D  # the objects given say so too


def test_bulk_refuses_every_item_the_user_may_not_change(make_user, drafts):
    with pytest.raises(workflow.BulkTransitionRefused) as refused:
        workflow.items_bulk_transition(
            user=make_user("pa_editor"), items=drafts, transition="archive", all_or_nothing=True
        )
    assert len(refused.value.refused) == 3
    assert {reason for _item, reason in refused.value.refused} == {
        "You are not allowed to do this with this item."
    }
    assert set(
        Process.objects.filter(pk__in=[d.pk for d in drafts]).values_list("status", flat=True)
    ) == {D}


@pytest.mark.parametrize(("transition", "items"), [("submit", "some"), ("publish", "none")])
def test_bulk_refuses_other_transitions_and_an_empty_selection(
    make_user, drafts, transition, items
):
    with pytest.raises(ValidationError):
        workflow.items_bulk_transition(
            user=make_user("pa_admin"),
            items=drafts if items == "some" else [],
            transition=transition,
        )
    assert set(Process.objects.values_list("status", flat=True)) == {D}


# --- step_move ----------------------------------------------------------------------------------


@pytest.fixture
def process(municipality, pa_organisation):
    process = ProcessFactory(region=municipality, organisation=pa_organisation, status=D)
    for i in range(4):
        StepFactory(process=process, position=i, title_de=f"S{i}")
    return process


def order(process) -> list[str]:
    return list(
        Step.objects.filter(process=process).order_by("position").values_list("title_de", flat=True)
    )


def positions(process) -> list[int]:
    return list(
        Step.objects.filter(process=process).order_by("position").values_list("position", flat=True)
    )


def step(process, title) -> Step:
    return Step.objects.select_related("process").get(process=process, title_de=title)


@pytest.mark.parametrize(
    ("title", "kwargs", "expected"),
    [
        ("S2", {"direction": "up"}, ["S0", "S2", "S1", "S3"]),
        ("S1", {"direction": "down"}, ["S0", "S2", "S1", "S3"]),
        ("S3", {"direction": "first"}, ["S3", "S0", "S1", "S2"]),
        ("S0", {"direction": "last"}, ["S1", "S2", "S3", "S0"]),
        ("S0", {"position": 2}, ["S1", "S2", "S0", "S3"]),
        ("S3", {"position": 0}, ["S3", "S0", "S1", "S2"]),
    ],
)
def test_step_move_renumbers_with_one_version_and_one_revision(
    make_user, process, title, kwargs, expected
):
    version, revisions = process.version, Revision.objects.count()
    workflow.step_move(user=make_user("pa_editor"), step=step(process, title), **kwargs)
    assert order(process) == expected
    assert positions(process) == [0, 1, 2, 3]
    process.refresh_from_db()
    assert process.version == version + 1
    assert Revision.objects.count() == revisions + 1
    revision = Revision.objects.order_by("-pk").first()
    assert revision.action == "step_update" and revision.number == process.version
    assert [
        s["fields"]["title_de"]
        for s in sorted(revision.snapshot["steps"], key=lambda s: s["fields"]["position"])
    ] == expected


@pytest.mark.parametrize(
    ("title", "kwargs"),
    [("S0", {"direction": "up"}), ("S3", {"direction": "down"}), ("S0", {"direction": "first"}),
     ("S2", {"position": 2})],
)  # fmt: skip
def test_step_move_to_its_own_place_changes_nothing(make_user, process, title, kwargs):
    version = process.version
    workflow.step_move(user=make_user("pa_editor"), step=step(process, title), **kwargs)
    assert order(process) == ["S0", "S1", "S2", "S3"]
    process.refresh_from_db()
    assert process.version == version


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"position": 4}, "position"),
        ({"position": -1}, "position"),
        ({"direction": "sideways"}, "direction"),
        ({"position": 1, "direction": "up"}, None),
        ({}, None),
    ],
)
def test_step_move_bad_input_changes_nothing(make_user, process, kwargs, field):
    version = process.version
    with pytest.raises(ValidationError) as error:
        workflow.step_move(user=make_user("pa_editor"), step=step(process, "S1"), **kwargs)
    if field:
        assert field in error.value.message_dict
    if field == "position":
        assert error.value.message_dict["position"] == ["Choose a position from 0 to 3."]
    assert order(process) == ["S0", "S1", "S2", "S3"]
    process.refresh_from_db()
    assert process.version == version


def test_step_move_refuses_a_step_of_another_process(
    make_user, process, municipality, pa_organisation
):
    other = ProcessFactory(region=municipality, organisation=pa_organisation)
    foreign = StepFactory(process=other, position=0)
    with pytest.raises(ValidationError) as error:
        workflow.step_move(user=make_user("pa_editor"), step=foreign, process=process, position=0)
    assert error.value.message_dict["step"] == ["This step is not a step of this process."]
    assert order(process) == ["S0", "S1", "S2", "S3"]


def test_step_move_with_a_stale_version_changes_nothing(make_user, process):
    from apps.content.services import StaleVersionError

    with pytest.raises(StaleVersionError):
        workflow.step_move(
            user=make_user("pa_editor"),
            step=step(process, "S3"),
            direction="first",
            expected_version=process.version - 1 if process.version > 1 else 99,
        )
    assert positions(process) == [0, 1, 2, 3] and order(process) == ["S0", "S1", "S2", "S3"]


@pytest.mark.parametrize("role", ["pa_translator", "pa_analyst", "ngo_editor", "migrant"])
def test_step_move_refuses_who_may_not_edit_the_process(make_user, process, role):
    with pytest.raises(PermissionDenied):
        workflow.step_move(user=make_user(role), step=step(process, "S3"), direction="up")
    assert order(process) == ["S0", "S1", "S2", "S3"]


@pytest.mark.parametrize("n", [3, 30])
def test_step_move_runs_the_same_queries_for_3_and_30_steps(
    make_user, municipality, pa_organisation, n, django_assert_num_queries
):
    process = ProcessFactory(region=municipality, organisation=pa_organisation, status=D)
    for i in range(n):
        StepFactory(process=process, position=i, title_de=f"S{i}")
    user = make_user("pa_editor")
    # A first move loads what a running site has loaded (the user's roles, content types).
    workflow.step_move(user=user, step=step(process, "S0"), direction="down")
    workflow.step_move(user=user, step=step(process, "S0"), direction="up")
    last = step(process, f"S{n - 1}")
    with django_assert_num_queries(STEP_MOVE_QUERIES):
        workflow.step_move(user=user, step=last, direction="first")
    assert order(process) == [f"S{n - 1}", *(f"S{i}" for i in range(n - 1))]
    assert positions(process) == list(range(n))
