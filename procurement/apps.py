from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = "Procurement Act assessments"
    # (name, task, hour) for `setup_schedules`, daily in CELERY_TIMEZONE.
    schedules = (
        (
            "Remind contract managers of Procurement Act assessments due",
            "procurement.tasks.send_assessment_reminders_task",
            "7",
        ),
    )

    def ready(self):
        from core import panels

        from .panels import HOME_TEMPLATE, home_warnings

        panels.register(panels.HOME_PAGE, template=HOME_TEMPLATE, context=home_warnings)
