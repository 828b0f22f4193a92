from odoo import api, fields, models
from odoo.exceptions import UserError


class FuxiOccasionLabelWizard(models.TransientModel):
    """Labels for the customers whose birthday or important date comes in the next N days."""

    _name = "fuxi.occasion.label.wizard"
    _description = "Labels for Upcoming Birthdays and Important Dates"

    days = fields.Integer(string="Within (days)", default=30, required=True)
    customer_class_ids = fields.Many2many(
        "fuxi.customer.class",
        string="Customer Classes",
        help="Leave empty for every class.",
    )
    label_paperformat_id = fields.Many2one(
        "report.paperformat.label",
        string="Label Sheet",
        required=True,
        default=lambda self: self.env.ref(
            "fuxi_customer.paperformat_label_a4_3x8", raise_if_not_found=False
        ),
    )
    partner_ids = fields.Many2many(
        "res.partner", string="Customers", compute="_compute_partner_ids"
    )
    partner_count = fields.Integer(compute="_compute_partner_ids", string="Customers Found")

    @api.model
    def _get_partner_domain(self, days, classes):
        domain = [("is_fuxi_customer", "=", True), ("occasion_within_days", "<=", days)]
        if classes:
            domain.append(("customer_class_id", "in", classes.ids))
        return domain

    @api.depends("days", "customer_class_ids")
    def _compute_partner_ids(self):
        for wizard in self:
            if wizard.days < 0:
                wizard.partner_ids = False
            else:
                wizard.partner_ids = self.env["res.partner"].search(
                    wizard._get_partner_domain(wizard.days, wizard.customer_class_ids),
                    order="name",
                )
            wizard.partner_count = len(wizard.partner_ids)

    def action_open_labels(self):
        """Open the label sheet wizard (report_label) with the customers found."""
        self.ensure_one()
        if self.days < 0 or self.days > 366:
            raise UserError(self.env._("Choose between 0 and 366 days."))
        partners = self.partner_ids
        if not partners:
            raise UserError(
                self.env._(
                    "No customer has a birthday or important date in the next %(days)s days.",
                    days=self.days,
                )
            )
        return self.env["res.partner"]._fuxi_label_wizard_action(
            partners, self.label_paperformat_id
        )
