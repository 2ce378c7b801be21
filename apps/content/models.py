"""The shared content model: what migrants read, caseworkers write and NGOs offer.

Every content item (process, document type, glossary term, information page,
event, course, office, comment) derives from `ContentItem`: an owner region, a
responsible organisation, a publication state with who/when, scheduling, a
version number for optimistic locking, topics, user types and an external
reference for imports. User-facing texts are translated with
django-modeltranslation (see translation.py). Writes go through services.py.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def _default_language() -> str:
    return settings.LANGUAGE_CODE


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class ExternalRef(models.Model):
    """Where an item came from when it was imported (e.g. source "micado-hamburg", id "58")."""

    external_source = models.CharField(_("external source"), max_length=60, blank=True)
    external_id = models.CharField(_("external id"), max_length=64, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~models.Q(external_id=""),
                name="%(app_label)s_%(class)s_external_ref",
            )
        ]


class Topic(ExternalRef):
    """A tag in a tree (e.g. Health > Insurance), with an icon, used to filter everything."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    icon = models.CharField(
        _("icon"), max_length=80, blank=True, help_text=_("Name of an icon in the icon set.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent topic"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # The region the tag belongs to (like a content item's owner region): PA screens of a
    # region offer the tags of that region and its ancestors. Empty: shared by every region.
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner region"),
        help_text=_("Empty: shared by every region."),
    )

    class Meta(ExternalRef.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class UserType(ExternalRef):
    """A group of migrants content is meant for (asylum seeker, EU citizen, student ...)."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    icon = models.CharField(_("icon"), max_length=80, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    # The region the tag belongs to (like a content item's owner region): PA screens of a
    # region offer the tags of that region and its ancestors. Empty: shared by every region.
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner region"),
        help_text=_("Empty: shared by every region."),
    )

    class Meta(ExternalRef.Meta):
        verbose_name = _("user type")
        verbose_name_plural = _("user types")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ContentItem(ExternalRef):
    """Fields every content item shares. Changed only through services.py."""

    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner region"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    source_language = models.CharField(
        _("source language"),
        max_length=10,
        default=_default_language,
        help_text=_("The language the author writes in; translations are made from it."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted for review at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archived by"),
    )
    publish_at = models.DateTimeField(
        _("publish from"),
        null=True,
        blank=True,
        help_text=_("A published item becomes visible from this time on."),
    )
    withdraw_at = models.DateTimeField(
        _("withdraw at"),
        null=True,
        blank=True,
        help_text=_("The item is hidden and archived from this time on."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="%(class)s_items", verbose_name=_("topics")
    )
    user_types = models.ManyToManyField(
        UserType, blank=True, related_name="%(class)s_items", verbose_name=_("user types")
    )

    # Set by every concrete model: the translated field that must be filled in the
    # source language, and which translated fields hold rich text (sanitised HTML).
    TITLE_FIELD = "title"
    RICH_FIELDS: tuple[str, ...] = ()
    # Single-letter kind used in mentions (see mentions.py); "" if not mentionable.
    MENTION_KIND = ""

    class Meta(ExternalRef.Meta):
        abstract = True
        indexes = []

    def __str__(self) -> str:
        return getattr(self, self.TITLE_FIELD, "") or f"#{self.pk}"


class Office(ContentItem):
    """A place: an office of the administration, a counselling centre, a course venue."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    opening_hours = models.TextField(_("opening hours"), blank=True)
    accessibility = models.TextField(
        _("accessibility notes"),
        blank=True,
        help_text=_("Step-free access, lifts, hearing loops, languages spoken at the counter."),
    )
    is_counselling = models.BooleanField(
        _("counselling offer"),
        default=False,
        help_text=_("The place offers counselling to migrants (e.g. migration counselling)."),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    website = models.URLField(_("website"), blank=True)

    TITLE_FIELD = "name"
    RICH_FIELDS = ("description",)

    class Meta(ContentItem.Meta):
        verbose_name = _("office or place")
        verbose_name_plural = _("offices and places")
        ordering = ["name", "pk"]


class DocumentType(ContentItem):
    """A kind of document a migrant needs or receives (passport, residence permit ...)."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    validity_days = models.PositiveIntegerField(
        _("validity in days"), null=True, blank=True, help_text=_("Empty if it does not expire.")
    )
    icon = models.CharField(_("icon"), max_length=80, blank=True)

    TITLE_FIELD = "name"
    RICH_FIELDS = ("description",)

    class Meta(ContentItem.Meta):
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["name", "pk"]


class DocumentTypeImage(models.Model):
    """An example picture of a document type (stored locally, never a remote image)."""

    document_type = models.ForeignKey(
        DocumentType,
        on_delete=models.CASCADE,
        related_name="images",
        verbose_name=_("document type"),
    )
    image = models.ImageField(_("image"), upload_to="content/document-types/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("example image")
        verbose_name_plural = _("example images")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class GlossaryTerm(ContentItem):
    """A word migrants meet in official texts, with an explanation in plain language."""

    term = models.CharField(_("term"), max_length=200, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)

    TITLE_FIELD = "term"
    RICH_FIELDS = ("explanation",)
    MENTION_KIND = "g"

    class Meta(ContentItem.Meta):
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term", "pk"]


class InformationKind(models.TextChoices):
    PAGE = "page", _("Information page")
    COUNSELLING = "counselling", _("Counselling offer")


class Information(ContentItem):
    """An information page (e.g. "The German school system") or a counselling offer."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=InformationKind.choices, default=InformationKind.PAGE
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    link = models.URLField(_("link"), blank=True)

    RICH_FIELDS = ("body",)
    MENTION_KIND = "i"

    class Meta(ContentItem.Meta):
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
        ordering = ["title", "pk"]


class Process(ContentItem):
    """A guided procedure (register an address, enrol at school) made of steps."""

    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    link = models.URLField(_("link"), blank=True)
    allow_cycles = models.BooleanField(
        _("steps may repeat"),
        default=False,
        help_text=_("Allow links that lead back to an earlier step (e.g. “resubmit”)."),
    )

    RICH_FIELDS = ("description",)
    MENTION_KIND = "p"

    class Meta(ContentItem.Meta):
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["title", "pk"]


class Step(ExternalRef):
    """One step of a process. Versioned and revised together with its process."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="steps", verbose_name=_("process")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("office or place"),
    )
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    duration = models.CharField(_("expected duration"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    continues = models.BooleanField(
        _("then continue with the next step"),
        default=True,
        help_text=_(
            "Untick it where the way ends after this step or goes on only through the "
            "connections that leave it. Connections (branches) never replace the next step."
        ),
    )
    required_documents = models.ManyToManyField(
        DocumentType,
        blank=True,
        related_name="required_by_steps",
        verbose_name=_("required documents"),
    )
    produced_documents = models.ManyToManyField(
        DocumentType,
        blank=True,
        related_name="produced_by_steps",
        verbose_name=_("documents received"),
    )

    RICH_FIELDS = ("description",)

    class Meta(ExternalRef.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"


class StepLink(ExternalRef):
    """A directed edge between two steps of the same process, optionally labelled."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="links", verbose_name=_("process")
    )
    from_step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="outgoing", verbose_name=_("from step")
    )
    to_step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="incoming", verbose_name=_("to step")
    )
    label = models.CharField(
        _("label"),
        max_length=200,
        blank=True,
        help_text=_("For a branch, e.g. “if you already have a job offer”."),
    )

    class Meta(ExternalRef.Meta):
        verbose_name = _("step link")
        verbose_name_plural = _("step links")
        ordering = ["pk"]
        constraints = [
            *ExternalRef.Meta.constraints,
            models.UniqueConstraint(fields=["from_step", "to_step"], name="content_steplink_once"),
        ]

    def __str__(self) -> str:
        return f"{self.from_step_id} → {self.to_step_id}"


class Recurrence(models.TextChoices):
    NONE = "", _("Does not repeat")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


class Event(ContentItem):
    """Something that happens at a time and place (information evening, open consultation)."""

    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    recurrence = models.CharField(
        _("repeats"), max_length=10, choices=Recurrence.choices, blank=True, default=""
    )
    recurrence_until = models.DateField(_("repeats until"), null=True, blank=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("place"),
    )
    location = models.CharField(
        _("location"), max_length=300, blank=True, help_text=_("If the place is not an office.")
    )
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)

    RICH_FIELDS = ("description",)
    MENTION_KIND = "e"

    class Meta(ContentItem.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]


class CourseKind(models.TextChoices):
    LANGUAGE = "language", _("Language course")
    INTEGRATION = "integration", _("Integration course")
    VOCATIONAL = "vocational", _("Vocational course")
    OTHER = "other", _("Other course")


class Course(ContentItem):
    """A course with places: language, integration or vocational."""

    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CourseKind.choices, default=CourseKind.LANGUAGE
    )
    level = models.CharField(
        _("level"), max_length=20, blank=True, help_text=_("For example A1, B2 or “beginners”.")
    )
    schedule = models.CharField(
        _("schedule"), max_length=300, blank=True, help_text=_("For example “Mon–Thu 9–12”.")
    )
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("place"),
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    places_total = models.PositiveIntegerField(_("places"), null=True, blank=True)
    places_left = models.PositiveIntegerField(_("places left"), null=True, blank=True)
    registration_contact = models.TextField(_("registration contact"), blank=True)
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)

    RICH_FIELDS = ("description",)

    class Meta(ContentItem.Meta):
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["start_date", "pk"]


class Comment(ContentItem):
    """An NGO's practical tip on a process, translated like everything else."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="comments", verbose_name=_("process")
    )
    text = models.TextField(_("tip"), blank=True)

    TITLE_FIELD = "text"
    RICH_FIELDS = ("text",)

    class Meta(ContentItem.Meta):
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at", "pk"]


class RevisionAction(models.TextChoices):
    """What a revision records: every `action` written by services, importers and demo data."""

    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    STEP_CREATE = "step_create", _("Step added")
    STEP_UPDATE = "step_update", _("Step changed")
    STEP_DELETE = "step_delete", _("Step deleted")
    LINK_CREATE = "link_create", _("Step link added")
    LINK_UPDATE = "link_update", _("Step link changed")
    LINK_DELETE = "link_delete", _("Step link deleted")
    RESTORE = "restore", _("Earlier version restored")
    IMPORT = "import", _("Imported")


class Revision(models.Model):
    """A restorable snapshot of an item after a save: all languages, relations, steps."""

    Action = RevisionAction

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    number = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=20, choices=RevisionAction.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    snapshot = models.JSONField(_("snapshot"))
    # sha256 of the source-language texts: the translations workflow compares it with
    # the hash a translation was made from to detect outdated translations.
    source_hash = models.CharField(_("source text hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["content_type", "object_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="content_revision_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} v{self.number}"


class ReviewNote(models.Model):
    """Why a PA admin sent an item in review back to its authors (shown to them)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    reason = models.TextField(_("reason"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.reason[:60]


class PendingChange(models.Model):
    """A change an NGO made to one of its published items, waiting for moderation.

    The published item stays as it is (migrants keep seeing it) until a PA admin
    approves the change, which then applies `fields` (only the columns the NGO changed),
    `topics` and `user_types` (null: unchanged). Rejected: it stays here with
    `rejected_at` (the reason is a ReviewNote) so the NGO can edit and resubmit it.
    Written only by `apps.content.services.pending`."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    fields = models.JSONField(_("changed fields"), default=dict)
    topics = models.JSONField(_("topics"), null=True, blank=True)
    user_types = models.JSONField(_("user types"), null=True, blank=True)
    base_version = models.PositiveIntegerField(_("version it was made on"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)

    class Meta:
        verbose_name = _("change waiting for moderation")
        verbose_name_plural = _("changes waiting for moderation")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="content_pendingchange_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} (v{self.base_version})"

    @property
    def waiting(self) -> bool:
        return self.submitted_at is not None and self.rejected_at is None


class Feedback(models.Model):
    """A migrant's answer to "Was this helpful?" about one page, with an optional comment.

    Anonymous: no user, no IP address; the page path, the language and, when the page
    shows one content item, that item (generic, so any kind of item fits), and the
    region it belongs to.
    """

    COMMENT_MAX_LENGTH = 1000

    path = models.CharField(_("page"), max_length=500)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    item = GenericForeignKey("content_type", "object_id")
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    language = models.CharField(_("language"), max_length=10)
    # The region the answer belongs to (the item's owner region, else the visitor's
    # region): PA staff see the feedback of their region and the regions below it.
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.path} ({'+' if self.helpful else '-'})"


def validate_language_list(value) -> None:
    """A list of language codes such as ["de", "ar", "zh-hans"]."""
    import re

    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or not all(
        isinstance(v, str) and re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", v) for v in value
    ):
        raise ValidationError(
            _("Give languages as short codes separated by commas, for example: de, ar, fa.")
        )


class CounsellingKind(models.TextChoices):
    RECOGNITION = "recognition", _("Recognition of foreign qualifications")
    ASYLUM = "asylum", _("Asylum and residence")
    DEBT = "debt", _("Debt counselling")
    FAMILY = "family", _("Family counselling")
    HEALTH = "health", _("Health counselling")
    OTHER = "other", _("Other counselling")


class CounsellingOffer(ContentItem):
    """Free counselling an organisation offers: what about, in which languages, where,
    when and how to book. Shown on the process pages of its topics."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=CounsellingKind.choices, default=CounsellingKind.OTHER
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    languages = models.JSONField(
        _("languages offered"),
        default=list,
        blank=True,
        help_text=_("Language codes, for example de, ar, fa, tr."),
        validators=[validate_language_list],
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counselling_offers",
        verbose_name=_("place"),
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    hours = models.TextField(_("opening hours"), blank=True)
    booking = models.TextField(
        _("how to book"), blank=True, help_text=_("Phone, e-mail, walk-in, online form …")
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    link = models.URLField(_("link"), blank=True)

    RICH_FIELDS = ("description",)

    class Meta(ContentItem.Meta):
        verbose_name = _("counselling offer")
        verbose_name_plural = _("counselling offers")
        ordering = ["title", "pk"]


class OrganisationProfile(models.Model):
    """What the migrant directory shows of an NGO (texts in every language)."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("organisation"),
    )
    description = models.TextField(_("description"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    accessibility = models.TextField(_("accessibility notes"), blank=True)
    contact_note = models.TextField(
        _("other contact channels"),
        blank=True,
        help_text=_("Messenger, social media, walk-in hours …"),
    )
    languages = models.JSONField(
        _("languages spoken by the staff"),
        default=list,
        blank=True,
        validators=[validate_language_list],
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="organisation_profiles", verbose_name=_("topics")
    )
    user_types = models.ManyToManyField(
        UserType,
        blank=True,
        related_name="organisation_profiles",
        verbose_name=_("people it serves"),
    )
    logo = models.ImageField(_("logo"), upload_to="organisations/logos/", blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Translation states (apps/translations) track the profile's texts like an item's: its
    # source language is the deployment's, "has a translation" means has a description.
    TITLE_FIELD = "description"
    RICH_FIELDS = ()

    class Meta:
        verbose_name = _("organisation profile")
        verbose_name_plural = _("organisation profiles")

    def __str__(self) -> str:
        return str(self.organisation_id)

    @property
    def source_language(self) -> str:
        return settings.LANGUAGE_CODE

    # For the content rules (who may translate it: the NGO's members, the PA translators
    # of its region) the profile is owned by the organisation's region.
    @property
    def region_id(self):
        return self.organisation.region_id

    @property
    def region(self):
        return self.organisation.region


class ViewCount(models.Model):
    """How often a page of an item was viewed in a month: a number, nothing about anyone."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    month = models.DateField(_("month"))
    count = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("view count")
        verbose_name_plural = _("view counts")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "month"], name="content_viewcount_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.month}: {self.count}"
