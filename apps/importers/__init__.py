"""Importers of content from other systems (MICADO databases, MICADO's Weblate files)."""
