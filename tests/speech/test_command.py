"""manage.py render_audio: renders what is missing in-process (no broker in the suite),
then finds everything current; bad arguments are refused with a clear error."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.speech.models import AudioRendition
from tests.content.factories import InformationFactory


@pytest.mark.django_db
def test_render_audio_renders_missing_audio_once(counting):
    item = InformationFactory(title_en="Health", title_de="Gesundheit")
    out = StringIO()
    call_command("render_audio", "--workers", "1", "--quiet", stdout=out)
    assert "2 renders checked" in out.getvalue() and "0 failed" in out.getvalue()
    assert sorted(lang for lang, _text in counting) == ["de", "en"]
    assert AudioRendition.objects.filter(object_id=item.pk).count() == 4
    call_command("render_audio", "--workers", "1", "--quiet", "--language", "de", stdout=out)
    assert len(counting) == 2  # current: nothing synthesised again


@pytest.mark.django_db
def test_render_audio_refuses_unknown_region_and_language(counting):
    with pytest.raises(CommandError, match="no region with the key 99"):
        call_command("render_audio", "--region", "99")
    with pytest.raises(CommandError, match="xx is not a language"):
        call_command("render_audio", "--language", "xx")
