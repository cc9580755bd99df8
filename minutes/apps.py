from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = "Minutes"

    def ready(self):
        from core import panels

        from .panels import LINKS_TEMPLATE, kpi_links, project_links

        panels.register(panels.KPI_PAGE, template=LINKS_TEMPLATE, context=kpi_links)
        panels.register(panels.PROJECT_PAGE, template=LINKS_TEMPLATE, context=project_links)
