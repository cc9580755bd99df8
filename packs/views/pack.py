from django.http import Http404


def pack_page(request, meeting_id):  # P3 builds this
    raise Http404


def latest_pdf(request, meeting_id):  # P3 builds this
    raise Http404


def version_pdf(request, meeting_id, number):  # P3 builds this
    raise Http404


def exempt_pdf(request, meeting_id):  # P3 builds this
    raise Http404


def publish(request, meeting_id):  # P3 builds this
    raise Http404
