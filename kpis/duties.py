"""Who may approve or correct a figure: the one rule the services, the review queue and
the importer all ask.

Only a contract manager of the figure's contract approves or corrects it. Under the
contract's separation of duties (on by default), nobody approves or corrects a figure
they entered or last changed (`entered_by`: the return form, an upload, a correction)
or submitted for approval (`submitted_by`). An operator's bulk load from the server
(`import_returns --approve`) is exempt from separation: the file is the figure's source.
"""

from contracts.permissions import can_manage

APPROVE = "approve"
CORRECT = "correct"


def duty_refusal(
    *,
    action: str,
    figure_label: str,
    contract_reference: str,
    user_id: int | None,
    is_manager: bool,
    separate_duties: bool,
    entered_by_id: int | None,
    submitted_by_id: int | None,
) -> str | None:
    """Why this user may not `action` (approve or correct) the figure; None: they may."""
    if user_id is None or not is_manager:
        return f"Only a contract manager of {contract_reference} may {action} {figure_label}."
    if not separate_duties:
        return None
    if user_id == entered_by_id:
        return (
            f"You entered or last changed {figure_label}: another contract manager must "
            f"{action} it (separation of duties)."
        )
    if user_id == submitted_by_id:
        return (
            f"You submitted {figure_label}: another contract manager must {action} it "
            "(separation of duties)."
        )
    return None


def figure_refusal(figure, user, action: str, *, operator_load: bool = False) -> str | None:
    """`duty_refusal` for a KPIFigure and a user (None: nobody named).

    `operator_load`: a bulk load from the server, where separation does not apply."""
    contract = figure.kpi.contract
    is_manager = user is not None and can_manage(user, contract)
    return duty_refusal(
        action=action,
        figure_label=f"{figure.kpi.code} for {figure.month.label}",
        contract_reference=contract.reference,
        user_id=user.pk if user is not None else None,
        is_manager=is_manager,
        separate_duties=contract.separate_duties and not operator_load,
        entered_by_id=figure.entered_by_id,
        submitted_by_id=figure.submitted_by_id,
    )
