import pytest


@pytest.fixture
def pa_editor(make_user):
    return make_user("pa_editor")


@pytest.fixture
def pa_admin(make_user):
    return make_user("pa_admin")


@pytest.fixture
def translator(make_user):
    return make_user("pa_translator")


@pytest.fixture
def ngo_editor(make_user):
    return make_user("ngo_editor")
