"""Existing feedback about an item gets the item's owner region (feedback without an
item keeps none: the visitor's region was not recorded)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Feedback = apps.get_model("content", "Feedback")
    type_ids = (
        Feedback.objects.filter(region__isnull=True, content_type__isnull=False)
        .values_list("content_type_id", flat=True)
        .distinct()
    )
    for content_type in ContentType.objects.filter(pk__in=list(type_ids)):
        try:
            model = apps.get_model(content_type.app_label, content_type.model)
        except LookupError:
            continue
        if not any(field.name == "region" for field in model._meta.fields):
            continue
        Feedback.objects.filter(region__isnull=True, content_type=content_type).update(
            region_id=Subquery(
                model.objects.filter(pk=OuterRef("object_id")).values("region_id")[:1]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0005_feedback_region_revision_action"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
