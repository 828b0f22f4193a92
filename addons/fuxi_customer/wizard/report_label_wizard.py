from odoo import api, fields, models


class ReportLabelWizard(models.TransientModel):
    _inherit = "report.label.wizard"

    # report_label fixes the sheet in its server action; at a restaurant the same labels are
    # printed on whatever sheet is in the drawer, so the sheet can be changed here.
    label_paperformat_id = fields.Many2one(readonly=False)
    fuxi_missing_address = fields.Text(
        string="Without Address",
        compute="_compute_fuxi_missing_address",
        help="Customers in the list that have no postal address.",
    )

    @api.depends("model_id", "line_ids.res_id")
    def _compute_fuxi_missing_address(self):
        for wizard in self:
            partners = wizard._fuxi_partners()
            missing = partners.filtered(lambda p: not p._fuxi_has_address())
            wizard.fuxi_missing_address = ", ".join(missing.mapped("display_name")) or False

    def _fuxi_partners(self):
        self.ensure_one()
        if self.model_id.sudo().model != "res.partner":
            return self.env["res.partner"]
        return self.env["res.partner"].browse(self.line_ids.mapped("res_id")).exists()

    def _prepare_report_data(self):
        data = super()._prepare_report_data()
        data["fuxi_zoom"] = self.env["ir.actions.report"]._fuxi_css_zoom()
        return data

    def print_report(self):
        self._fuxi_partners()._fuxi_check_label_address()
        return super().print_report()
