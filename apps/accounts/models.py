from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import Approval, MembershipAction, OrganisationKind, Role


class UserManager(DjangoUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: a migrant (optional account), a caseworker, an NGO worker."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("For the city's IT: may sign in to the Django admin."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name or self.email


class Organisation(models.Model):
    """A public-authority office or a civil-society organisation, working in a region."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("region"),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.TextField(_("address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # NGO onboarding and moderation (see docs/organisations.md).
    approval = models.CharField(
        _("approval"), max_length=10, choices=Approval.choices, default=Approval.APPROVED
    )
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    is_trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_("Items of a trusted organisation are published without moderation."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public_authority(self) -> bool:
        return self.kind == OrganisationKind.PUBLIC_AUTHORITY


class Membership(models.Model):
    """A user's role in an organisation. A user may hold several."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Limits of a translator's membership (external translators): empty means no limit.
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("For translators: the only languages they may translate into (empty: all)."),
    )
    region_ids = models.JSONField(
        _("regions"),
        default=list,
        blank=True,
        help_text=_("For translators: ids of the only regions whose content they may translate."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from apps.accounts.roles import ROLES_BY_KIND

        if self.organisation_id and self.role:
            allowed = ROLES_BY_KIND[OrganisationKind(self.organisation.kind)]
            if self.role not in allowed:
                raise ValidationError(
                    {
                        "role": _("The role “%(role)s” does not exist in a %(kind)s organisation.")
                        % {
                            "role": Role(self.role).label,
                            "kind": OrganisationKind(self.organisation.kind).label,
                        }
                    }
                )


class Invitation(models.Model):
    """An e-mail invitation to join an NGO with a role, or a PA office as an external
    translator limited to chosen languages and regions: a single-use link that expires.

    Only the sha256 of the token is stored; the token itself is in the e-mail alone."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # An external translator's invitation (role PA translator): the limits their
    # membership gets on acceptance (Membership.languages / region_ids).
    languages = models.JSONField(_("languages"), default=list, blank=True)
    region_ids = models.JSONField(_("regions"), default=list, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class MembershipLogEntry(models.Model):
    """Who changed the members of an organisation, when and what (shown to its admins)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="membership_log"
    )
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=MembershipAction.choices)
    subject_email = models.EmailField(_("member"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    previous_role = models.CharField(
        _("previous role"), max_length=20, choices=Role.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.action} {self.subject_email}"
