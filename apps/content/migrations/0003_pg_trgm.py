"""pg_trgm for typo-tolerant search (apps/content/search.py); nothing on other databases.

CreateExtension does nothing unless the database is PostgreSQL. pg_trgm is a trusted
extension (PostgreSQL 13+): the database owner may create it without superuser rights.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("content", "0002_review_note")]

    operations = [TrigramExtension()]
