import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SIGNED_IN_AT = "signed_in_at"


class AbsoluteSessionLifetimeMiddleware:
    """End a session a fixed time after sign-in, however active it stays.

    The idle timeout is SESSION_COOKIE_AGE, renewed on every request; this caps the
    whole session, so a stolen cookie does not live for ever.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
