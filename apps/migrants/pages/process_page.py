"""The process page's user-independent part, cached per content generation.

Two entries per (process, language, region, content generation):

- `data`: what the view computes from the database (the process with its steps,
  offices, documents, links and tips, the flow, the mention targets), for every
  visitor; a signed-in visitor's page renders it with their own forms and ticks.
- `body`: the article (`migrants/_process_body.html`) rendered once for anonymous
  visitors, with the few process fields the rest of the page needs. It holds no CSRF
  token and nothing about a user: it is rendered without the request.

A content write bumps the generation (`core.cache`), so the next request builds
new entries; old ones expire. Entries also expire after `PROCESS_CACHE_SECONDS` (and
when the process is due to be withdrawn), which bounds how late a scheduled change
that no write announces (a tip's `publish_at`) appears.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from apps.content.selectors import counselling_for_topics
from apps.core.cache import content_generation
from apps.migrants import display
from apps.migrants.pages import selectors
from apps.migrants.pages.cache import deploy_version
from apps.speech.selectors import page_audio

BODY_TEMPLATE = "migrants/_process_body.html"


def cache_seconds() -> int:
    return getattr(settings, "MICADO_PROCESS_CACHE_SECONDS", 600)


@dataclass
class ProcessPage:
    process: Any
    notice: dict
    mention_targets: dict
    flow: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    counselling: list = field(default_factory=list)  # "Get free help with this"
    audio: dict = field(default_factory=dict)  # speech.selectors.page_audio
    body: str = ""  # the article for anonymous visitors (empty in the `data` entry)

    def context(self) -> dict:
        return {
            "process": self.process,
            "flow": self.flow,
            "comments": self.comments,
            "counselling": self.counselling,
            "notice": self.notice,
            "mention_targets": self.mention_targets,
            "audio": self.audio,
        }


def _key(kind: str, *, pk: int, language: str, region_ids: list[int], generation: int) -> str:
    regions = ".".join(str(i) for i in region_ids) or "-"
    version = deploy_version()  # `body` is rendered by the templates of this deploy
    return f"migrants:process:{kind}:{pk}:{language}:{regions}:{generation}:{version}"


def build(
    *, pk: int, language: str, region_ids: list[int], published_only: bool = True
) -> ProcessPage:
    """Everything the page shows about the process (14 queries); raises ObjectDoesNotExist.
    An unpublished build (an editor's preview) is never cached."""
    process = selectors.process_detail(pk=pk, region_ids=region_ids, published_only=published_only)
    display.localize([process], language)
    flow = display.process_flow(process)
    code = process.served_lang
    objects = [process]
    for row in flow:
        objects += [row.step, row.office, *row.required, *row.produced]
        objects += [b.link for b in row.branches if b.link is not None]
        for doc in (*row.required, *row.produced):
            display.adopt(doc.images.all(), code)
    display.adopt(objects[1:], code)
    if code == language:  # each step and link of a translated process has its own state
        display.localize_parts(
            [*(row.step for row in flow), *process.links.all()],
            language,
            source_language=process.source_language,
        )
    comments = display.localize(process.comments.all(), language)
    counselling = display.localize(
        counselling_for_topics(
            topic_ids=[t.pk for t in process.topics.all()], region_ids=region_ids
        ),
        language,
    )
    return ProcessPage(
        process=process,
        flow=flow,
        comments=comments,
        counselling=counselling,
        notice=display.fallback_notice(process, language),
        mention_targets=display.mention_targets_for([*objects, *comments], language),
        audio=page_audio([process], code),
    )


def timeout(process) -> int:
    """How long what shows `process` may be cached: no longer than until its withdrawal."""
    seconds = cache_seconds()
    withdraw_at = process.withdraw_at
    if withdraw_at is not None:
        seconds = min(seconds, max(1, int((withdraw_at - timezone.now()).total_seconds())))
    return seconds


def _data(*, pk: int, language: str, region_ids: list[int], generation: int) -> ProcessPage:
    key = _key("data", pk=pk, language=language, region_ids=region_ids, generation=generation)
    page = cache.get(key)
    if page is None:
        page = build(pk=pk, language=language, region_ids=region_ids)
        cache.set(key, page, timeout(page.process))
    return page


def process_page(*, pk: int, language: str, region_ids: list[int], anonymous: bool) -> ProcessPage:
    """The page's cached part; raises ObjectDoesNotExist (nothing cached) if the process
    is not shown in the region.

    Anonymous visitors get `body` (the rendered article) and a bare process; others get
    the data to render it with their own parts. A hit does no SQL query.
    """
    generation = content_generation()
    if not anonymous:
        return _data(pk=pk, language=language, region_ids=region_ids, generation=generation)
    key = _key("body", pk=pk, language=language, region_ids=region_ids, generation=generation)
    page = cache.get(key)
    if page is None:
        data = _data(pk=pk, language=language, region_ids=region_ids, generation=generation)
        body = render_to_string(BODY_TEMPLATE, {**data.context(), "personal": None})
        bare = copy.copy(data.process)  # its fields, without the prefetched steps
        bare._prefetched_objects_cache = {}
        page = ProcessPage(
            process=bare,
            notice=data.notice,
            mention_targets=data.mention_targets,
            audio=data.audio,
            body=body,
        )
        cache.set(key, page, timeout(data.process))
    return page
