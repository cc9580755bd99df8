from django.contrib import admin

from .models import Contract, ContractMembership, ServiceArea, Supplier


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class ServiceAreaInline(admin.TabularInline):
    model = ServiceArea
    extra = 0


class MembershipInline(admin.TabularInline):
    model = ContractMembership
    extra = 0
    autocomplete_fields = ["user"]
    filter_horizontal = ["service_areas"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "supplier",
        "status",
        "closed_through",
        "auto_close_months",
        "separate_duties",
    ]
    list_filter = ["status", "auto_close_months", "separate_duties"]
    search_fields = ["reference", "title"]
    inlines = [ServiceAreaInline, MembershipInline]


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "contract", "sort_order"]
    list_filter = ["contract"]


@admin.register(ContractMembership)
class ContractMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "contract", "role"]
    list_filter = ["contract", "role"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["service_areas"]
