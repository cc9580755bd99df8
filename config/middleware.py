import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import patch_cache_control

from . import views

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


class HealthzMiddleware:
    """Answer the load balancer's /healthz before sessions and sign-in are looked at.

    Reading a session cookie needs the database; a probe that carries one (a browser
    opening /healthz) must still get 503, not 500, when the database is down.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return views.healthz(request)
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """Cache-Control: private, no-store on every response the app itself makes (ASVS
    8.2.1), so no browser or shared cache keeps a page or an export behind sign-in.

    It sits after whitenoise, whose static files keep their long public caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response
