from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, for example #005ea5.")
)


class RegionLevel(models.IntegerChoices):
    """Administrative levels; the number is the depth in the tree."""

    FEDERATION = 0, _("Federation")
    STATE = 1, _("State (Land)")
    DISTRICT = 2, _("District (Kreis)")
    MUNICIPALITY = 3, _("Municipality (Gemeinde)")


# Length of the official municipality key (AGS) at each level.
AGS_LENGTH = {RegionLevel.STATE: 2, RegionLevel.DISTRICT: 5, RegionLevel.MUNICIPALITY: 8}
FEDERATION_CODE = "DE"


class Region(models.Model):
    """A node of the region tree: Germany > Land > Kreis > Gemeinde.

    `code` is the official key (AGS: 2 digits for a Land, 5 for a Kreis, 8 for a
    Gemeinde); the federation, which has none, is "DE". A parent pointer plus
    the level is the whole tree: ancestors are found by walking up (at most
    three steps), not by nested sets.
    """

    code = models.CharField(_("official key (AGS)"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent region"),
    )
    iso_code = models.CharField(
        _("ISO 3166-2 code"), max_length=6, blank=True, help_text=_("For states, e.g. DE-BW.")
    )
    postcodes = models.TextField(
        _("postcodes"),
        blank=True,
        help_text=_("Postcodes of the municipality, separated by spaces."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["level", "name"]
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.level == RegionLevel.FEDERATION:
            if self.parent_id is not None:
                raise ValidationError({"parent": _("The federation has no parent region.")})
            return
        expected = AGS_LENGTH[RegionLevel(self.level)]
        if not (self.code.isdigit() and len(self.code) == expected):
            raise ValidationError(
                {
                    "code": _("A %(level)s has an official key of %(n)d digits.")
                    % {"level": RegionLevel(self.level).label, "n": expected}
                }
            )
        if self.parent is None:
            raise ValidationError({"parent": _("Only the federation has no parent region.")})
        if self.parent.level >= self.level:
            raise ValidationError({"parent": _("The parent must be a higher level.")})
        if self.parent.level != RegionLevel.FEDERATION and not self.code.startswith(
            self.parent.code
        ):
            raise ValidationError(
                {
                    "code": _("The official key must start with the parent's key %(parent)s.")
                    % {"parent": self.parent.code}
                }
            )


def _language_codes() -> list[str]:
    return [code for code, _name in settings.SUPPORTED_LANGUAGES]


class TenantSettings(models.Model):
    """How the platform presents itself for a region: name, logo, colours, contact, languages.

    A region without its own settings uses those of its nearest ancestor.
    """

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="tenant_settings", verbose_name=_("region")
    )
    display_name = models.CharField(_("display name"), max_length=200)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    logo = models.ImageField(_("logo"), upload_to="tenants/", blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#005ea5", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#b35900", validators=[hex_colour]
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_address = models.TextField(_("contact address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    default_language = models.CharField(_("default language"), max_length=10, default="de")
    enabled_languages = models.JSONField(
        _("enabled languages"),
        default=_language_codes,
        help_text=_("Language codes shown in this region; a subset of the platform's languages."),
    )
    # Publication per language (apps/translations/publication.py).
    show_machine_translations = models.BooleanField(
        _("show machine translations"),
        default=False,
        help_text=_(
            "Show migrants texts that were machine translated and not yet checked by a "
            "person, with a notice. Otherwise they see the fallback language."
        ),
    )
    outdated_translations = models.CharField(
        _("outdated translations"),
        max_length=10,
        choices=[
            ("notice", _("Show them with a notice until they are updated")),
            ("fallback", _("Show the fallback language instead")),
        ],
        default="notice",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tenant settings")
        verbose_name_plural = _("tenant settings")

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        supported = set(_language_codes())
        if not isinstance(self.enabled_languages, list) or not self.enabled_languages:
            raise ValidationError({"enabled_languages": _("Choose at least one language.")})
        unknown = [code for code in self.enabled_languages if code not in supported]
        if unknown:
            raise ValidationError(
                {
                    "enabled_languages": _("Unknown language codes: %(codes)s.")
                    % {"codes": ", ".join(map(str, unknown))}
                }
            )
        if self.default_language not in self.enabled_languages:
            raise ValidationError(
                {
                    "default_language": _(
                        "The default language must be one of the enabled languages."
                    )
                }
            )
