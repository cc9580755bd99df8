from django.apps import AppConfig


class PacksConfig(AppConfig):
    name = "packs"
    verbose_name = "Board packs"

    def ready(self):
        from core import panels

        from .panels import home_packs, meeting_pack

        panels.register(
            panels.MEETING_PAGE, template="packs/_meeting_panel.html", context=meeting_pack
        )
        panels.register(panels.HOME_PAGE, template="packs/_home_panel.html", context=home_packs)
