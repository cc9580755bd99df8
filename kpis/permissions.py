"""Who may do what with a contract's KPIs, beyond the contract roles
(`contracts.permissions`) and the separation of duties (`kpis.duties`)."""

from contracts.permissions import can_enter_figures, can_manage

from .choices import UploadKind
from .models import Upload


def may_import(user, upload: Upload) -> bool:
    """Figures: officers and managers; KPI definitions: managers."""
    if upload.kind == UploadKind.KPIS:
        return can_manage(user, upload.contract)
    return can_enter_figures(user, upload.contract)


def may_commit(user, upload: Upload) -> bool:
    """Whoever uploaded it, or a contract manager, once the preview allows it."""
    if not may_import(user, upload) or not upload.may_be_committed:
        return False
    return upload.uploaded_by_id == user.pk or can_manage(user, upload.contract)
