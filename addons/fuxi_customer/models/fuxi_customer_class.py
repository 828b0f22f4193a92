from odoo import api, fields, models


class FuxiCustomerClass(models.Model):
    _name = "fuxi.customer.class"
    _description = "Customer Class"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        help="Short technical key (vip, regular, walk_in) other addons use to find a class."
    )
    sequence = fields.Integer(default=10)
    is_vip = fields.Boolean(
        string="VIP Class",
        help="Guests of this class are VIPs: marked at the front desk, in the kitchen and on "
        "their profile. Several classes may be VIP classes (e.g. gold and diamond cards).",
    )
    color = fields.Integer()
    is_default = fields.Boolean(
        string="Default Class",
        help="Given to new customers created without a class.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    partner_count = fields.Integer(compute="_compute_partner_count", string="Customers")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Another customer class already uses this key."),
    ]

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("customer_class_id", "in", self.ids)],
                ["customer_class_id"],
                ["__count"],
            )
        )
        for customer_class in self:
            customer_class.partner_count = counts.get(customer_class, 0)

    @api.model
    def _get_default_class(self):
        return self.search([("is_default", "=", True)], limit=1)

    def write(self, vals):
        res = super().write(vals)
        if vals.get("is_default"):
            (self.search([("is_default", "=", True)]) - self[-1:]).is_default = False
        return res

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        new_default = records.filtered("is_default")[-1:]
        if new_default:
            (self.search([("is_default", "=", True)]) - new_default).is_default = False
        return records

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fuxi_customer.res_partner_action_customer"
        )
        action["domain"] = [("customer_class_id", "=", self.id)]
        return action
