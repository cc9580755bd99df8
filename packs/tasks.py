"""Thin tasks: each calls one service (packs.services.builds); nothing in packs imports
them (services queue them by name, packs.queue)."""

from celery import shared_task

from . import queue
from .models import PackBuild
from .services.builds import pack_build_run


@shared_task(name=queue.BUILD_PACK, acks_late=True, reject_on_worker_lost=True)
def build_pack_task(build_id: int) -> str:
    """Safe to run twice: a build runs once (`pack_build_run`)."""
    build = PackBuild.objects.select_related("meeting__board", "requested_by").get(pk=build_id)
    return pack_build_run(build=build).status
