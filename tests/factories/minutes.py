from datetime import date

import factory

from minutes.choices import BoardKind, MeetingStatus
from minutes.models import Action, AgendaItem, Board, Meeting, Resolution


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Board {n}")
    kind = BoardKind.SCRUTINY

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if extracted:
            self.members.add(*extracted)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    date = factory.Sequence(lambda n: date(2018, 1 + n % 12, 1 + n % 28))
    place = "County Offices, Lincoln"
    status = MeetingStatus.MINUTES_DRAFT


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    agenda_item = factory.SubFactory(AgendaItemFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"That report {n} be noted.")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    agenda_item = factory.SubFactory(AgendaItemFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner = "Chief Commercial Officer"
    due_date = date(2018, 12, 31)
