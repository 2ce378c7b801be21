import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import Invitation, Membership, MembershipLogEntry, Organisation, User
from apps.accounts.roles import Approval, MembershipAction, OrganisationKind, Role
from apps.accounts.selectors import user_role_grants_forget


def user_create(*, email: str, password: str | None, name: str = "", **extra) -> User:
    user = User(email=User.objects.normalize_email(email).lower(), name=name, **extra)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def organisation_create(*, name: str, slug: str, kind: str, region, **fields) -> Organisation:
    organisation = Organisation(name=name, slug=slug, kind=kind, region=region, **fields)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def membership_grant(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    languages: list[str] | None = None,
    region_ids: list[int] | None = None,
) -> Membership:
    membership = Membership(
        user=user,
        organisation=organisation,
        role=role,
        languages=list(languages or []),
        region_ids=list(region_ids or []),
    )
    membership.full_clean()
    membership.save()
    user_role_grants_forget(user)
    return membership


def membership_revoke(*, membership: Membership) -> None:
    user = membership.user
    membership.delete()
    user_role_grants_forget(user)


# --- NGO onboarding, invitations, members (docs/organisations.md) --------------------------
# Every change of an organisation's members writes a MembershipLogEntry (who, when, what).
# E-mails are rendered in the recipient's language and sent after the commit.

INVITATION_DAYS = 7


def _log(*, organisation, actor, action: str, email: str = "", role: str = "", **extra):
    return MembershipLogEntry.objects.create(
        organisation=organisation,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject_email=email,
        role=role,
        **extra,
    )


def language_of(user) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = getattr(user, "preferred_language", "") or ""
    return language if language in codes else settings.LANGUAGE_CODE


def mail_in_language(*, recipients: list[tuple[str, str]], subject, body, context: dict) -> None:
    """Send `subject`/`body` (lazy translatable strings with %(name)s placeholders) to
    each (address, language), rendered in that language, after the transaction commits."""

    def send() -> None:
        for address, language in recipients:
            with translation.override(language):
                values = {k: str(v) for k, v in context.items()}
                send_mail(
                    subject=str(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX) + str(subject) % values,
                    message=str(body) % values,
                    from_email=None,
                    recipient_list=[address],
                )

    transaction.on_commit(send)


def organisation_admins(organisation: Organisation) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            organisation=organisation, role=Role.NGO_ADMIN
        ).select_related("user")
    ]


def _unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "ngo"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def organisation_register(
    *,
    user: User | None,
    name: str,
    region,
    email: str,
    description: str = "",
    address: str = "",
    phone: str = "",
    website: str = "",
    applicant_email: str = "",
    applicant_name: str = "",
    applicant_password: str = "",
    language: str = "",
    request=None,
) -> Organisation:
    """An NGO registers itself: it waits for a PA admin of its region; the registering
    person (their account, or a new one) becomes its admin once it is approved. A new
    account's address gets allauth's confirmation mail (`request`: the registration's,
    for the link's host)."""
    errors: dict[str, list[str]] = {}
    if user is None or not user.is_authenticated:
        applicant_email = User.objects.normalize_email(applicant_email or "").lower()
        if User.objects.filter(email__iexact=applicant_email).exists():
            errors["applicant_email"] = [
                _(
                    "An account with this e-mail address already exists. Sign in first, then "
                    "register the organisation."
                )
            ]
        if not applicant_password:
            errors["applicant_password"] = [_("Choose a password for your account.")]
    if (
        email
        and Organisation.objects.filter(kind=OrganisationKind.NGO, email__iexact=email)
        .exclude(approval=Approval.REJECTED)
        .exists()
    ):
        errors["email"] = [_("An organisation with this e-mail address is already registered.")]
    if errors:
        raise ValidationError(errors)
    if user is None or not user.is_authenticated:
        user = User(email=applicant_email, name=applicant_name, preferred_language=language)
        if applicant_password:
            try:
                password_validation.validate_password(applicant_password, user)
            except ValidationError as exc:
                raise ValidationError({"applicant_password": exc.messages}) from exc
        user = user_create(
            email=applicant_email,
            password=applicant_password,
            name=applicant_name,
            preferred_language=language,
        )
        # The applicant confirms the address with allauth's link before anything else
        # (StaffTwoFactorMiddleware sends them to "confirm your e-mail" until then; the
        # second factor comes after it: allauth refuses TOTP for unverified addresses).
        from allauth.account.models import EmailAddress

        unconfirmed = EmailAddress.objects.create(
            user=user, email=user.email, primary=True, verified=False
        )
        # allauth's mail with the link, built for the host the person registered on.
        transaction.on_commit(lambda: _send_confirmation(unconfirmed, request))
    for key, value in {"name": name, "description": description, "address": address}.items():
        if "<" in (value or "") or "javascript:" in (value or "").lower():
            errors[key] = [_("Write plain text: markup is not allowed here.")]
    if errors:
        raise ValidationError(errors)
    organisation = Organisation(
        name=(name or "").strip(),
        slug=_unique_slug(name or ""),
        kind=OrganisationKind.NGO,
        region=region,
        email=email,
        description=description,
        address=address,
        phone=phone,
        website=website,
        approval=Approval.PENDING,
        is_active=False,
    )
    organisation.full_clean()
    organisation.save()
    membership_grant(user=user, organisation=organisation, role=Role.NGO_ADMIN)
    _log(
        organisation=organisation,
        actor=user,
        action=MembershipAction.REGISTERED,
        email=user.email,
        role=Role.NGO_ADMIN,
    )
    return organisation


def _send_confirmation(email_address, request) -> None:
    """allauth's confirmation mail (allauth reads the request from its context)."""
    from allauth.core import context

    with context.request_context(request):
        email_address.send_confirmation(request, signup=True)


def _require_perm(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _tell_admins(organisation, *, subject, body, context) -> None:
    mail_in_language(
        recipients=[(u.email, language_of(u)) for u in organisation_admins(organisation)]
        + ([(organisation.email, settings.LANGUAGE_CODE)] if organisation.email else []),
        subject=subject,
        body=body,
        context=context,
    )


@transaction.atomic
def organisation_approve(*, organisation: Organisation, user: User) -> Organisation:
    _require_perm(user, "accounts.review_organisation", organisation)
    if organisation.approval == Approval.APPROVED:
        raise ValidationError(_("This organisation is already approved."))
    organisation.approval = Approval.APPROVED
    organisation.is_active = True
    organisation.rejection_reason = ""
    organisation.reviewed_at = timezone.now()
    organisation.reviewed_by = user
    organisation.save(
        update_fields=[
            "approval", "is_active", "rejection_reason", "reviewed_at", "reviewed_by", "updated_at"
        ]
    )  # fmt: skip
    _log(organisation=organisation, actor=user, action=MembershipAction.APPROVED)
    _tell_admins(
        organisation,
        subject=gettext_lazy("%(name)s was approved"),
        body=gettext_lazy(
            "Good news: the public administration approved %(name)s. You can now sign in, "
            "invite your colleagues and publish your offers."
        ),
        context={"name": organisation.name},
    )
    return organisation


@transaction.atomic
def organisation_reject(*, organisation: Organisation, user: User, reason: str) -> Organisation:
    _require_perm(user, "accounts.review_organisation", organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the registration is rejected.")})
    if organisation.approval != Approval.PENDING:
        raise ValidationError(_("Only registrations waiting for approval can be rejected."))
    organisation.approval = Approval.REJECTED
    organisation.is_active = False
    organisation.rejection_reason = reason
    organisation.reviewed_at = timezone.now()
    organisation.reviewed_by = user
    organisation.save(
        update_fields=[
            "approval", "is_active", "rejection_reason", "reviewed_at", "reviewed_by", "updated_at"
        ]
    )  # fmt: skip
    _log(organisation=organisation, actor=user, action=MembershipAction.REJECTED, note=reason)
    _tell_admins(
        organisation,
        subject=gettext_lazy("The registration of %(name)s was rejected"),
        body=gettext_lazy(
            "The public administration did not approve the registration of %(name)s. "
            "The reason given:\n\n%(reason)s"
        ),
        context={"name": organisation.name, "reason": reason},
    )
    return organisation


@transaction.atomic
def organisation_set_trusted(*, organisation: Organisation, user: User, trusted: bool):
    _require_perm(user, "accounts.review_organisation", organisation)
    if organisation.kind != OrganisationKind.NGO:
        raise ValidationError(_("Only civil-society organisations are moderated."))
    organisation.is_trusted = trusted
    organisation.save(update_fields=["is_trusted", "updated_at"])
    action = MembershipAction.TRUSTED if trusted else MembershipAction.UNTRUSTED
    _log(organisation=organisation, actor=user, action=action)
    return organisation


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    user: User,
    email: str,
    role: str,
    link_base: str,
    language: str = "",
) -> tuple[Invitation, str]:
    """Invite `email` with `role`; e-mails a single-use link valid INVITATION_DAYS days."""
    _require_perm(user, "accounts.manage_organisation_members", organisation)
    email = User.objects.normalize_email(email or "").lower()
    if role not in (Role.NGO_ADMIN, Role.NGO_EDITOR):
        raise ValidationError({"role": _("Choose the NGO administrator or NGO editor role.")})
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        language=language or language_of(user),
        invited_by=user,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    _log(
        organisation=organisation,
        actor=user,
        action=MembershipAction.INVITED,
        email=email,
        role=role,
    )
    with translation.override(invitation.language):
        path = reverse("organisations:invitation", kwargs={"token": token})
    mail_in_language(
        recipients=[(email, invitation.language)],
        subject=gettext_lazy("Invitation to %(name)s"),
        body=gettext_lazy(
            "%(inviter)s invites you to work for %(name)s on the platform as %(role)s.\n\n"
            "Open this link to accept (valid for %(days)s days, once):\n%(link)s"
        ),
        context={
            "inviter": user,
            "name": organisation.name,
            "role": Role(role).label,
            "days": INVITATION_DAYS,
            "link": link_base.rstrip("/") + path,
        },
    )
    return invitation, token


def invitation_get(*, token: str) -> Invitation:
    """The invitation of `token`, or ValidationError if unknown, used, withdrawn or expired."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was already used."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation was withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has expired. Ask the organisation for a new one."))
    return invitation


@transaction.atomic
def invitation_accept(
    *, token: str, user: User | None, name: str = "", password: str = "", language: str = ""
) -> Membership:
    """Accept with the signed-in account (its e-mail must be the invited one) or, for a
    new person, create the account for the invited address."""
    invitation = invitation_get(token=token)
    # Lock the row: a link clicked twice at once still grants one membership.
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was already used."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation was withdrawn."))
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            raise ValidationError(
                _(
                    "This invitation is for %(email)s, but you are signed in as %(current)s. "
                    "Sign out, or ask for an invitation to your address."
                )
                % {"email": invitation.email, "current": user.email}
            )
        if Membership.objects.filter(
            user=user, organisation=invitation.organisation, role=invitation.role
        ).exists():
            raise ValidationError(_("You already have this role in this organisation."))
    else:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("An account with this e-mail address exists: sign in to accept.")
            )
        candidate = User(email=invitation.email, name=name)
        try:
            password_validation.validate_password(password or "", candidate)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user = user_create(
            email=invitation.email, password=password, name=name, preferred_language=language
        )
        from allauth.account.models import EmailAddress

        # The link reached this address: it is verified.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership = membership_grant(
        user=user,
        organisation=invitation.organisation,
        role=invitation.role,
        languages=invitation.languages,
        region_ids=invitation.region_ids,
    )
    _log(
        organisation=invitation.organisation,
        actor=user,
        action=MembershipAction.JOINED,
        email=user.email,
        role=invitation.role,
        note=_limits_note(invitation) if invitation.role == Role.PA_TRANSLATOR else "",
    )
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, user: User) -> None:
    _require_perm(user, "accounts.manage_organisation_members", invitation.organisation)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def _admin_count(organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=Role.NGO_ADMIN).count()


@transaction.atomic
def membership_change_role(*, membership: Membership, user: User, role: str) -> Membership:
    organisation = membership.organisation
    _require_perm(user, "accounts.manage_organisation_members", organisation)
    if role not in (Role.NGO_ADMIN, Role.NGO_EDITOR):
        raise ValidationError({"role": _("Choose the NGO administrator or NGO editor role.")})
    previous = membership.role
    if previous == role:
        return membership
    if previous == Role.NGO_ADMIN and _admin_count(organisation) <= 1:
        raise ValidationError(
            _("The organisation needs at least one administrator: appoint another one first.")
        )
    if Membership.objects.filter(
        organisation=organisation, user=membership.user, role=role
    ).exists():
        membership.delete()
    else:
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role"])
    user_role_grants_forget(membership.user)
    _log(
        organisation=organisation,
        actor=user,
        action=MembershipAction.ROLE_CHANGED,
        email=membership.user.email,
        role=role,
        previous_role=previous,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, user: User) -> None:
    organisation = membership.organisation
    _require_perm(user, "accounts.manage_organisation_members", organisation)
    if membership.role == Role.NGO_ADMIN and _admin_count(organisation) <= 1:
        raise ValidationError(
            _("The last administrator cannot be removed: appoint another one first.")
        )
    email, role = membership.user.email, membership.role
    membership_revoke(membership=membership)
    _log(
        organisation=organisation,
        actor=user,
        action=MembershipAction.REMOVED,
        email=email,
        role=role,
    )


# --- external translators (docs/translations.md) --------------------------------------------
# A PA admin invites a person by e-mail as a PA translator of their office, limited to chosen
# languages and to regions of the office's region and below. The invitation is an
# Invitation (expiring, single-use token); accepting it creates the limited membership.


def translator_regions(organisation: Organisation):
    """The regions a translator invited by `organisation` may be limited to: its region
    and every region below it (AGS keys extend their parent's, as `region_within`)."""
    from django.db.models import Q

    from apps.regions.models import Region
    from apps.regions.selectors import FEDERATION_CODE

    match = Q(pk=organisation.region_id)
    code = organisation.region.code
    if code and code != FEDERATION_CODE:
        match |= Q(code__startswith=code)
    return Region.objects.filter(match).order_by("code")


def _limits_note(invitation: Invitation) -> str:
    from apps.regions.models import Region

    names = dict(Region.objects.filter(pk__in=invitation.region_ids).values_list("pk", "name"))
    return _("Languages: %(languages)s. Regions: %(regions)s.") % {
        "languages": ", ".join(invitation.languages),
        "regions": ", ".join(names.get(pk, str(pk)) for pk in invitation.region_ids),
    }


@transaction.atomic
def translator_invitation_create(
    *,
    organisation: Organisation,
    user: User,
    email: str,
    languages: list[str],
    region_ids: list[int],
    link_base: str,
    language: str = "",
) -> tuple[Invitation, str]:
    """Invite `email` as an external translator of the PA office `organisation`, limited to
    `languages` and `region_ids`; e-mails a single-use link valid INVITATION_DAYS days,
    in `language` (the invitee's)."""
    _require_perm(user, "accounts.invite_translators", organisation)
    email = User.objects.normalize_email(email or "").lower()
    codes = [code for code, _name in settings.LANGUAGES]
    errors: dict[str, list[str]] = {}
    try:
        User._meta.get_field("email").clean(email, None)
    except ValidationError:
        errors["email"] = [_("Enter a valid e-mail address.")]
    languages = [code for code in codes if code in set(languages or [])]
    if not languages or len(languages) != len(set(languages or [])):
        errors["languages"] = [_("Choose at least one of the platform's languages.")]
    allowed = set(translator_regions(organisation).values_list("pk", flat=True))
    wanted = sorted({int(pk) for pk in region_ids or []})
    if not wanted or not set(wanted) <= allowed:
        errors["regions"] = [_("Choose at least one region: your office's region or one below it.")]
    if (
        not errors.get("email")
        and Membership.objects.filter(
            organisation=organisation, user__email__iexact=email, role=Role.PA_TRANSLATOR
        ).exists()
    ):
        errors["email"] = [_("This person is already a translator of this office.")]
    if (
        not errors.get("email")
        and Invitation.objects.filter(
            organisation=organisation,
            email__iexact=email,
            accepted_at=None,
            revoked_at=None,
            expires_at__gt=timezone.now(),
        ).exists()
    ):
        errors["email"] = [_("An invitation to this address is still open: withdraw it first.")]
    if errors:
        raise ValidationError(errors)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=Role.PA_TRANSLATOR,
        languages=languages,
        region_ids=wanted,
        token_hash=_token_hash(token),
        language=language if language in codes else language_of(user),
        invited_by=user,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    _log(
        organisation=organisation,
        actor=user,
        action=MembershipAction.INVITED,
        email=email,
        role=Role.PA_TRANSLATOR,
        note=_limits_note(invitation),
    )
    with translation.override(invitation.language):
        path = reverse("administration:translator-invitation", kwargs={"token": token})
        language_names = ", ".join(
            str(translation.get_language_info(code)["name_local"]) for code in languages
        )
    from apps.regions.models import Region

    region_names = ", ".join(
        Region.objects.filter(pk__in=wanted).order_by("code").values_list("name", flat=True)
    )
    mail_in_language(
        recipients=[(email, invitation.language)],
        subject=gettext_lazy("Invitation to translate for %(name)s"),
        body=gettext_lazy(
            "%(inviter)s invites you to translate the information of %(name)s on the "
            "platform.\n\nYou may translate into: %(languages)s.\nFor these regions: "
            "%(regions)s.\n\nOpen this link to accept (valid for %(days)s days, once):\n"
            "%(link)s"
        ),
        context={
            "inviter": user,
            "name": organisation.name,
            "languages": language_names,
            "regions": region_names,
            "days": INVITATION_DAYS,
            "link": link_base.rstrip("/") + path,
        },
    )
    return invitation, token


@transaction.atomic
def translator_invitation_revoke(*, invitation: Invitation, user: User) -> None:
    """Withdraw an open translator invitation (its link stops working); logged."""
    _require_perm(user, "accounts.invite_translators", invitation.organisation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was already used."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation was withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    _log(
        organisation=invitation.organisation,
        actor=user,
        action=MembershipAction.WITHDRAWN,
        email=invitation.email,
        role=invitation.role,
    )


@transaction.atomic
def translator_remove(*, membership: Membership, user: User) -> None:
    """End an external translator's membership (a PA translator with limits); logged."""
    _require_perm(user, "accounts.invite_translators", membership.organisation)
    if membership.role != Role.PA_TRANSLATOR:
        raise ValidationError(_("Only translators can be removed here."))
    email = membership.user.email
    membership_revoke(membership=membership)
    _log(
        organisation=membership.organisation,
        actor=user,
        action=MembershipAction.REMOVED,
        email=email,
        role=Role.PA_TRANSLATOR,
    )
