"""The translator's workspace: every view for every role (anonymous included), the
external translator limited by language and region, the queue's order and filters, the
side-by-side editor (diff, glossary, right to left), mark translated and reviewed, and
query budgets at two sizes."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import Membership
from apps.content import services as content
from apps.content.models import Status, Step
from apps.translations import services
from apps.translations.models import State, TranslationState
from tests.conftest import ALL_ROLES, give_totp
from tests.content.factories import GlossaryTermFactory, ProcessFactory
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

WORKSPACE_ROLES = {"pa_admin", "pa_editor", "pa_translator"}


@pytest.fixture
def author(make_user):
    return make_user("pa_editor")


@pytest.fixture
def process(author, pa_organisation, municipality):
    """A published German process with an Arabic and a Russian translation, translated;
    then its second step's description changed: that step is outdated."""
    process = content.process_create(
        user=author,
        organisation=pa_organisation,
        region=municipality,
        data={"title_de": "Wohnsitz anmelden", "title_ar": "تسجيل السكن", "title_ru": "Прописка"},
    )
    for de, ar in (("Termin buchen", "احجز موعدا"), ("Zum Amt gehen", "اذهب إلى المكتب")):
        content.step_create(
            process=process,
            user=author,
            expected_version=process.version,
            data={
                "title_de": de,
                "description_de": "<p>Nehmen Sie den Pass mit.</p>",
                "title_ar": ar,
                "description_ar": "<p>خذ جواز السفر.</p>",
                "title_ru": de,
            },
        )
    process.refresh_from_db()
    for obj in (process, *process.steps.all()):
        for lang in ("ar", "ru"):
            services.state_set(item=obj, language=lang, state=State.TRANSLATED)
    second = process.steps.all()[1]
    content.step_update(
        step=second,
        user=author,
        expected_version=process.version,
        data={"description_de": "<p>Nehmen Sie den Pass und den Mietvertrag mit.</p>"},
    )
    process.status = Status.PUBLISHED
    process.save(update_fields=["status"])
    process.refresh_from_db()
    return process


def external(make_user, *, languages=("ar",), region=None, municipality=None):
    user = make_user("pa_translator")
    Membership.objects.filter(user=user).update(
        languages=list(languages), region_ids=[(region or municipality).pk]
    )
    return user


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def urls(process, language):
    base = f"/en/pa/translations/{language}/process/{process.pk}/"
    return {
        "index": "/en/pa/translations/",
        "queue": f"/en/pa/translations/{language}/",
        "editor": base,
        "coverage": "/en/pa/translations/coverage/",
        "coverage-csv": "/en/pa/translations/coverage.csv",
    }


def step_unit(process):
    return f"step-{process.steps.all()[1].pk}"


def save_post(client, process, language, text="ترجمة جديدة", mark=True):
    unit = step_unit(process)
    data = {
        "unit": unit,
        "version": process.version,
        f"{unit}-title": "اذهب إلى المكتب",
        f"{unit}-description": f"<p>{text}</p>",
    }
    if mark:
        data["mark_translated"] = "1"
    return client.post(f"/en/pa/translations/{language}/process/{process.pk}/save/", data)


def step_row(process, language):
    step = process.steps.all()[1]
    return TranslationState.objects.filter(
        content_type=ContentType.objects.get_for_model(Step), object_id=step.pk, language=language
    ).first()


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("view", ["index", "queue", "editor", "coverage", "coverage-csv"])
def test_every_view_for_every_role(role_client, role, view, process):
    client = role_client(role)
    response = client.get(urls(process, "ar")[view])
    if role == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif role in WORKSPACE_ROLES:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ALL_ROLES)
def test_saving_a_translation_for_every_role(role_client, role, process):
    client = role_client(role)
    response = save_post(client, process, "ar")
    row = step_row(process, "ar")
    if role in WORKSPACE_ROLES:
        assert response.status_code == 302
        assert row.state == State.TRANSLATED
        assert "ترجمة جديدة" in process.steps.all()[1].description_ar
    else:
        assert response.status_code in (302, 403)
        if role == "anonymous":
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403
        assert row.state == State.OUTDATED
        assert "ترجمة جديدة" not in process.steps.all()[1].description_ar


@pytest.mark.parametrize(
    ("language", "same_region", "allowed"),
    [("ar", True, True), ("ru", True, False), ("ar", False, False)],
)
def test_the_external_translator_is_limited_to_their_languages_and_regions(
    make_user, process, municipality, language, same_region, allowed
):
    region = municipality if same_region else MunicipalityFactory()
    user = external(make_user, region=region)
    client = client_for(user)
    pages = urls(process, language)
    expected = 200 if allowed else 403
    assert client.get(pages["editor"]).status_code == expected
    queue = client.get(pages["queue"])
    if language == "ar":
        assert queue.status_code == 200  # their language, but only their region's items
        assert (f"/process/{process.pk}/" in queue.content.decode()) is allowed
    else:
        assert queue.status_code == 403
    response = save_post(client, process, language)
    assert response.status_code == (302 if allowed else 403)
    row = step_row(process, language)
    assert (row.state == State.TRANSLATED) is allowed
    # The ordinary item editor refuses the other languages too (content's service).
    if not allowed and same_region:
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            content.item_update(
                item=process,
                user=user,
                expected_version=process.version,
                data={"title_ru": "Другое"},
            )


def test_the_queue_is_ordered_by_importance_and_filtered_by_type(
    role_client, process, pa_organisation, municipality
):
    draft_missing = ProcessFactory(
        region=municipality, organisation=pa_organisation, status=Status.DRAFT, title_de="A draft"
    )
    published_missing = ProcessFactory(
        region=municipality, organisation=pa_organisation, title_de="A published one"
    )
    done = ProcessFactory(region=municipality, organisation=pa_organisation, title_ar="تم")
    services.state_set(item=done, language="ar", state=State.TRANSLATED)
    html = role_client("pa_translator").get("/en/pa/translations/ar/").content.decode()
    order = [html.find(f"/process/{p.pk}/") for p in (process, published_missing, draft_missing)]
    assert -1 not in order and order == sorted(order)  # published outdated, missing, draft
    assert f"/process/{done.pk}/" not in html
    assert "(1 step or connection)" in html
    other = role_client("pa_translator").get("/en/pa/translations/ar/?kind=information")
    assert f"/process/{process.pk}/" not in other.content.decode()


def test_the_editor_shows_the_change_the_glossary_and_writes_right_to_left(
    role_client, process, municipality, pa_organisation
):
    GlossaryTermFactory(
        region=municipality,
        organisation=pa_organisation,
        term_de="Mietvertrag",
        term_ar="عقد الإيجار",
    )
    html = role_client("pa_translator").get(urls(process, "ar")["editor"]).content.decode()
    # What changed in the source since the translation was made, word by word.
    assert re.search(r"Pass <ins>und den Mietvertrag ?</ins> ?mit", html), html
    assert "&lt;p&gt;Nehmen Sie den Pass" in html  # markup shown as text, escaped
    assert "عقد الإيجار" in html  # the term's existing translation
    unit = step_unit(process)
    assert f'id="{unit}-description" lang="ar" dir="rtl"' in html
    ru = role_client("pa_translator").get(urls(process, "ru")["editor"]).content.decode()
    assert 'lang="ru" dir="ltr"' in ru


def test_a_second_person_reviews(make_user, process):
    translator = make_user("pa_translator")
    save_post(client_for(translator), process, "ar")
    review = f"/en/pa/translations/ar/process/{process.pk}/review/"
    own = client_for(translator).post(review, {"unit": step_unit(process)}, follow=True)
    assert "Another person must review this translation" in own.content.decode()
    assert step_row(process, "ar").state == State.TRANSLATED
    reviewer = make_user("pa_translator")
    client_for(reviewer).post(review, {"unit": step_unit(process)})
    row = step_row(process, "ar")
    assert (row.state, row.reviewed_by, row.translated_by) == (State.REVIEWED, reviewer, translator)
    # An editor (not a translator or admin) may translate but not review.
    editor = make_user("pa_editor")
    assert client_for(editor).post(review, {"unit": step_unit(process)}).status_code == 403
    assert step_row(process, "ar").reviewed_by == reviewer


def _count(client, path) -> int:
    from django.db import connection

    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["queue", "editor"])
def test_queue_and_editor_queries_do_not_depend_on_size(
    make_user, author, pa_organisation, municipality, page
):
    user = make_user("pa_translator")
    give_totp(user)
    counts = []
    for n in (2, 12):
        process = ProcessFactory(region=municipality, organisation=pa_organisation)
        for index in range(n):
            ProcessFactory(region=municipality, organisation=pa_organisation)
            Step.objects.create(process=process, title_de=f"Schritt {index}", position=index)
        path = "/en/pa/translations/ar/" if page == "queue" else urls(process, "ar")["editor"]
        counts.append(_count(client_for(user), path))
    assert counts[0] == counts[1]


def _views(item, count, *, months_ago=0):
    from datetime import timedelta

    from django.utils import timezone

    from apps.content.models import ViewCount

    month = timezone.localdate().replace(day=1)
    for _i in range(months_ago):
        month = (month - timedelta(days=1)).replace(day=1)
    ViewCount.objects.create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        month=month,
        count=count,
    )


def test_the_queue_puts_the_most_viewed_first_then_outdated_before_missing(
    role_client, pa_organisation, municipality
):
    from tests.content.factories import InformationFactory

    def make(title, *, state=None, published=True, model=ProcessFactory):
        kwargs = {"status": Status.PUBLISHED if published else Status.DRAFT}
        item = model(region=municipality, organisation=pa_organisation, title_de=title, **kwargs)
        if state:
            item.title_ar = "نص"
            item.save(update_fields=["title_ar"])
            services.state_set(item=item, language="ar", state=state)
        return item

    missing_unseen = make("A missing, old views only")
    _views(missing_unseen, 500, months_ago=6)  # long ago: does not count
    missing_seen = make("B missing, seen", model=InformationFactory)
    _views(missing_seen, 30)
    _views(missing_seen, 20, months_ago=1)
    outdated_seen = make("C outdated, seen", state=State.OUTDATED)
    _views(outdated_seen, 50)
    make("D outdated, unseen", state=State.OUTDATED)
    draft_popular = make("E draft, popular", published=False)
    _views(draft_popular, 1000)
    html = role_client("pa_translator").get("/en/pa/translations/ar/").content.decode()
    titles = [t for t in re.findall(r'lang="de">([^<]+)</a>', html) if "," in t]
    assert titles == [
        "C outdated, seen",
        "B missing, seen",
        "D outdated, unseen",
        "A missing, old views only",
        "E draft, popular",
    ], titles
    assert '<td class="pa-views">50</td>' in html  # 30 this month + 20 last month


def test_the_queue_with_views_costs_the_same_at_two_sizes(make_user, pa_organisation, municipality):
    user = make_user("pa_translator")
    counts = []
    for n in (2, 10):
        for _index in range(n):
            item = ProcessFactory(region=municipality, organisation=pa_organisation)
            _views(item, n)
            _views(item, 1, months_ago=1)
            Step.objects.create(process=item, title_de="Schritt", position=0)
        counts.append(_count(client_for(user), "/en/pa/translations/ar/"))
    assert counts[0] == counts[1]
