"""Oversight's URLs plus `bench/bare/`, a view that does nothing: the baseline the
dashboard is timed against. It goes through the same middleware as every page
(sessions, sign-in required, CSRF, CSP, …), so the difference is the page's own work.
Only the benchmark's server uses this URLconf (`benchmarks.bench_settings`)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as oversight_urlpatterns


def bare_view(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare_view, name="bench_bare"), *oversight_urlpatterns]
