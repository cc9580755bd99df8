from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = "Procurement Act assessments"

    def ready(self):
        from core import panels

        from .panels import HOME_TEMPLATE, home_warnings

        panels.register(panels.HOME_PAGE, template=HOME_TEMPLATE, context=home_warnings)
