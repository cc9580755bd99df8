"""What a page shows that depends on more than one field: the template asks, it does
not decide. Decisions about one record's state are that model's properties."""

from dataclasses import dataclass

from django.urls import reverse

from .models import Upload

PREVIEW_ROWS = 500  # rows with errors are always listed; the others up to this many


@dataclass
class UploadPage:
    """An upload's page: its wording by kind (figures or KPI definitions) and the rows
    of its preview."""

    upload: Upload

    @property
    def _contract_reference(self) -> str:
        return self.upload.contract.reference

    @property
    def back_url(self) -> str:
        if self.upload.is_kpis:
            return reverse("kpis:list", args=[self._contract_reference])
        return reverse("kpis:return", args=[self._contract_reference, self.upload.month])

    @property
    def back_label(self) -> str:
        return "Back to the KPIs" if self.upload.is_kpis else "Back to the return"

    @property
    def caption(self) -> str:
        if self.upload.is_kpis:
            return "KPI definitions"
        return f"Monthly return {self.upload.month.label}"

    @property
    def upload_again_url(self) -> str:
        if self.upload.is_kpis:
            return reverse("kpis:kpi_upload_new", args=[self._contract_reference])
        return reverse("kpis:upload_new", args=[self._contract_reference, self.upload.month])

    @property
    def saved_text(self) -> str:
        return "rows saved" if self.upload.is_kpis else "figures submitted for approval"

    @property
    def month_header(self) -> str:
        return "Effective from" if self.upload.is_kpis else "Month"

    @property
    def value_header(self) -> str:
        return "Target" if self.upload.is_kpis else "Value"

    @property
    def status_url(self) -> str:
        return reverse("kpis:upload_status", args=[self._contract_reference, self.upload.pk])

    @property
    def errors(self) -> list[dict]:
        return [{"row": r["number"], **e} for r in self.upload.rows for e in r["errors"]]

    @property
    def shown_rows(self) -> list[dict]:
        rows = self.upload.rows
        return [row for i, row in enumerate(rows) if row["errors"] or i < PREVIEW_ROWS]

    @property
    def hidden_rows(self) -> int:
        return len(self.upload.rows) - len(self.shown_rows)
