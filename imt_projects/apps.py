from django.apps import AppConfig


class ImtProjectsConfig(AppConfig):
    name = "imt_projects"
    verbose_name = "IMT projects"
