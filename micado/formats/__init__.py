"""Number formats Django lacks or leaves ungrouped (FORMAT_MODULE_PATH).

Django's Arabic format has no digit grouping and it has no Dari or Urdu format at all,
so 11069533 people would read as one long row of digits. Only what differs from
Django's own module (if any) is set here; everything else falls through to it.
"""
