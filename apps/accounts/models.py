from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import OrganisationKind, Role


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
