from django.apps import AppConfig


class PacksConfig(AppConfig):
    name = "packs"
    verbose_name = "Board packs"

    def ready(self):
        from core import panels

        from . import panels as pack_panels

        panels.register(
            panels.AGENDA_ITEM,
            template=pack_panels.ITEM_REPORT_TEMPLATE,
            context=pack_panels.item_report,
        )
        panels.register(
            panels.AGENDA_ITEM,
            template=pack_panels.ITEM_DOCUMENTS_TEMPLATE,
            context=pack_panels.item_documents,
        )
        panels.register(
            panels.MEETING_PAGE,
            template=pack_panels.MEETING_PACK_TEMPLATE,
            context=pack_panels.meeting_pack,
        )
        panels.register(
            panels.HOME_PAGE,
            template=pack_panels.HOME_PACKS_TEMPLATE,
            context=pack_panels.home_packs,
        )
