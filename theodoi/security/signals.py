"""API tokens die with the password: changing a password (or deactivating the account)
revokes every token of that user."""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import pre_save
from django.dispatch import receiver


def revoke_tokens(user) -> int:
    from rest_framework.authtoken.models import Token

    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _revoke_on_password_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not instance.pk:
        return
    if update_fields is not None and set(update_fields) <= {"password"}:
        # check_password() re-hashing with a newer hasher on login: same password.
        return
    old = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if old is None:
        return
    if old["password"] != instance.password or (old["is_active"] and not instance.is_active):
        revoke_tokens(instance)
