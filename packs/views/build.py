from django.http import Http404


def preview(request, meeting_id):  # P2 builds this
    raise Http404


def build_status(request, meeting_id, build_id):  # P2 builds this
    raise Http404


def preview_pdf(request, meeting_id, build_id):  # P2 builds this
    raise Http404


def document_upload(request, item_id):  # P2 builds this
    raise Http404


def document_remove(request, document_id):  # P2 builds this
    raise Http404
