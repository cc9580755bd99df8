from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from contracts.choices import ContractStatus, Role
from contracts.models import Contract, ContractMembership, ServiceArea, Supplier


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Supplier {n} Ltd")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    reference = factory.Sequence(lambda n: f"C{n:03d}")
    title = factory.Sequence(lambda n: f"Contract {n}")
    authority = "Example County Council"
    supplier = factory.SubFactory(SupplierFactory)
    start_date = date(2017, 4, 1)
    status = ContractStatus.LIVE
    closed_through = date(2018, 9, 1)
    auto_close_months = False


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    contract = factory.SubFactory(ContractFactory)
    name = factory.Sequence(lambda n: f"Service area {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractMembership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    contract = factory.SubFactory(ContractFactory)
    role = Role.OFFICER

    @factory.post_generation
    def service_areas(self, create, extracted, **kwargs):
        if extracted:
            self.service_areas.set(extracted)
