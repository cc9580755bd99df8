from datetime import date

import factory

from core.periods import Month
from imt_projects.models import Benefit, GoLiveRevision, IMTProject, ProjectUpdate

from .contracts import ContractFactory, UserFactory


class IMTProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IMTProject

    number = factory.Sequence(lambda n: 1000 + n)
    title = factory.Sequence(lambda n: f"Project {n}")
    contract = factory.SubFactory(ContractFactory)
    sponsor = "Chief Information Officer"
    baseline_go_live = date(2018, 10, 1)
    target_go_live = factory.SelfAttribute("baseline_go_live")


class GoLiveRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoLiveRevision

    project = factory.SubFactory(IMTProjectFactory)
    previous_date = factory.SelfAttribute("project.target_go_live")
    new_date = date(2018, 12, 3)
    reason = "Supplier resources moved to another project."
    recorded_by = factory.SubFactory(UserFactory)


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(IMTProjectFactory)
    month = Month(2018, 9).first_day
    stage = "build"
    rag = "green"
    narrative = "On plan."
    recorded_by = factory.SubFactory(UserFactory)


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benefit

    project = factory.SubFactory(IMTProjectFactory)
    description = "Lower running costs"
    measure = "Annual cost"
    baseline = "£100,000"
    target = "£80,000"
    review_date = date(2019, 3, 31)
