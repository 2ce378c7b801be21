import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.content.factories import (
    CommentFactory,
    CounsellingOfferFactory,
    CourseFactory,
    DocumentTypeFactory,
    EventFactory,
    GlossaryTermFactory,
    InformationFactory,
    OfficeFactory,
    ProcessFactory,
)


@pytest.fixture
def api_client(make_user):
    """api_client(role) -> an APIClient with that role's token ("anonymous": no token)."""

    def make(role: str, **kwargs) -> APIClient:
        client = APIClient()
        client.user = None
        if role != "anonymous":
            user = make_user(role, **kwargs)
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
            client.user = user
        return client

    return make


# API prefix -> factory of a content item of that type (the public and editor tests).
FACTORIES = {
    "processes": ProcessFactory,
    "document-types": DocumentTypeFactory,
    "glossary": GlossaryTermFactory,
    "information": InformationFactory,
    "events": EventFactory,
    "courses": CourseFactory,
    "offices": OfficeFactory,
    "comments": CommentFactory,
    "counselling-offers": CounsellingOfferFactory,
}
