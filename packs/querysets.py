from django.db import models


class PublishedPackIsFrozen(Exception):
    """Raised by any attempt to change or delete a published pack version."""


class PackVersionQuerySet(models.QuerySet):
    """A published version is written once: no bulk update or delete either."""

    def update(self, **kwargs):
        raise PublishedPackIsFrozen("Published pack versions can never be changed.")

    def delete(self):
        raise PublishedPackIsFrozen("Published pack versions can never be deleted.")

    def latest_for(self, meeting):
        return self.filter(meeting=meeting).order_by("-number").first()
