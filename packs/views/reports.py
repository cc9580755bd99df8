from django.http import Http404


def report_edit(request, item_id):  # P1 builds this
    raise Http404


def report_detail(request, item_id):  # P1 builds this
    raise Http404
