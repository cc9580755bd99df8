from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from .choice_labels import remember_choice_labels
        from .tables import remember_signatures

        remember_signatures()
        remember_choice_labels()
