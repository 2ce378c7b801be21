"""Signals content sends so that other domain apps (translations, later speech) can follow
content changes without content importing them.

`source_text_changed` is sent inside the transaction that wrote a revision whose
source-language texts differ from the previous revision's (`Revision.source_hash`), with
`item`, `revision`, `source_hash` and `user` (None for system changes). Imports that write
revisions in bulk do not send it; they set translation states themselves.
"""

from django.dispatch import Signal

source_text_changed = Signal()

# `revision_written` is sent inside the transaction of every revision a service writes
# (any language, steps and links included), with `item`, `revision` and `user`; speech
# re-renders the audio of the languages whose texts changed.
revision_written = Signal()

# `item_published` is sent after a publication is committed, with `model_label` and `pk`.
item_published = Signal()
