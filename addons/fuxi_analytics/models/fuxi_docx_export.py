import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from odoo import api, models
from odoo.tools import format_amount

# a face Word and WPS have on Chinese systems; the Latin text keeps the template's font
EAST_ASIAN_FONT = "SimSun"


class FuxiDocxExport(models.AbstractModel):
    """导出到 Word: a statistic or ranking as a .docx — title, period, stores, a table
    and its totals — built in the reader's language with python-docx.

    A model that can be exported implements ``_fuxi_docx_table()`` returning
    {"title", "info": [lines], "headers": [...], "rows": [[...]], "totals": [...],
    "numeric": {column indexes aligned right}}, with every cell already a text; the
    download is /fuxi_analytics/docx/<model>/<id> (controllers/main.py)."""

    _name = "fuxi.docx.export"
    _description = "Word Export"

    def action_export_docx(self):
        self.ensure_one()
        # refuse bad input here, as a dialog, rather than as an error page of the download
        self._fuxi_docx_check()
        return {
            "type": "ir.actions.act_url",
            "url": f"/fuxi_analytics/docx/{self._name}/{self.id}",
            "target": "download",
        }

    def _fuxi_docx_check(self):
        """Raise a UserError when the document cannot be made (e.g. the period is wrong)."""

    def _fuxi_docx_filename(self):
        return "statistic.docx"

    def _fuxi_docx_content(self):
        """The document as bytes."""
        self.ensure_one()
        table = self._fuxi_docx_table()
        document = Document()
        for style_name in ("Normal", "Title", "Table Grid"):
            style = document.styles[style_name]
            style.element.get_or_add_rPr().get_or_add_rFonts().set(
                qn("w:eastAsia"), EAST_ASIAN_FONT
            )
        document.core_properties.title = table["title"]
        document.core_properties.language = (self.env.lang or "zh_CN").replace("_", "-")
        document.add_heading(table["title"], level=0)
        for line in table["info"]:
            document.add_paragraph(line)
        headers = table["headers"]
        grid = document.add_table(rows=1, cols=len(headers))
        grid.style = document.styles["Table Grid"]
        numeric = table.get("numeric", set())

        def fill(cells, values, bold=False):
            for index, value in enumerate(values):
                paragraph = cells[index].paragraphs[0]
                run = paragraph.add_run(value)
                run.bold = bold
                run.font.size = Pt(10)
                if index in numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

        fill(grid.rows[0].cells, headers, bold=True)
        for values in table["rows"]:
            fill(grid.add_row().cells, values)
        if table.get("totals"):
            fill(grid.add_row().cells, table["totals"], bold=True)
        stream = io.BytesIO()
        document.save(stream)
        return stream.getvalue()

    # ------------------------------------------------------------------ cell texts
    @api.model
    def _fuxi_fmt_quantity(self, value):
        return "" if value is False or value is None else f"{value:g}"

    @api.model
    def _fuxi_fmt_amount(self, value, currency):
        return "" if value is False or value is None else format_amount(self.env, value, currency)

    @api.model
    def _fuxi_fmt_share(self, value):
        return "" if value is False or value is None else f"{value * 100:.1f}%"

    def _fuxi_numeric_columns(self, headers):
        _ = self.env._
        numeric = {
            _("Rank"),
            _("Quantity"),
            _("Visits"),
            _("Amount"),
            _("Share"),
            _("Distinct Customers"),
            _("Guests"),
            _("Average per Visit"),
        }
        return {index for index, header in enumerate(headers) if header in numeric}

    def _fuxi_period_line(self, date_from, date_to):
        return self.env._("Period: %(start)s ~ %(end)s", start=date_from, end=date_to)
