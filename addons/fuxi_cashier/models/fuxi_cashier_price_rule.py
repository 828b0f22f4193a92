from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from . import fuxi_cashier_cached  # noqa: F401 (the model this one inherits, defined first)

RULE_KINDS = [
    ("member_class", "Member Class Discount"),
    ("birthday", "Birthday Month Discount"),
    ("minimum_spend", "Room Minimum Spend"),
    ("service_charge", "Service Charge"),
    ("rounding", "Rounding Off Small Change"),
]
DISCOUNT_KINDS = ("member_class", "birthday")


class FuxiCashierPriceRule(models.Model):
    """A rule the bill applies by itself (优惠规则). Of the member discounts that apply
    (class, birthday month) the largest one is taken, not their sum; exclusions name the
    dishes and categories it never discounts (drinks, specials)."""

    _name = "fuxi.cashier.price.rule"
    _inherit = ["fuxi.cashier.cached"]
    _description = "Cashier Price Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, help="Shown on the bill, e.g. 会员9折.")
    kind = fields.Selection(RULE_KINDS, required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    percent = fields.Float(
        digits=(5, 2),
        help="Discount (10 = 9折) or service charge, in percent of the amount.",
    )
    customer_class_ids = fields.Many2many(
        "fuxi.customer.class",
        string="Customer Classes",
        help="Member class discount: the classes it applies to.",
    )
    room_kind = fields.Selection(
        [("room", "Private Room"), ("table", "Hall Table"), ("bar", "Bar Seat")],
        help="Service charge: only in this kind of room or table (empty: everywhere).",
    )
    exclude_category_ids = fields.Many2many(
        "fuxi.dish.category",
        string="Excluded Categories",
        help="Dishes of these categories are never discounted by this rule.",
    )
    exclude_product_ids = fields.Many2many(
        "product.template",
        string="Excluded Dishes",
        domain=[("is_fuxi_dish", "=", True)],
        help="Dishes and drinks never discounted by this rule (e.g. specials, drinks).",
    )
    rounding_step = fields.Float(
        digits=(12, 2),
        default=1.0,
        help="Rounding off: the total is rounded down to a multiple of this (1.00 = 抹角, "
        "0.10 = 抹分).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.constrains("kind", "percent", "rounding_step")
    def _check_amounts(self):
        for rule in self:
            if rule.kind in (*DISCOUNT_KINDS, "service_charge") and not 0 < rule.percent <= 100:
                raise ValidationError(
                    self.env._("The percentage of %s must be above 0 and at most 100.", rule.name)
                )
            if rule.kind == "rounding" and not 0 < rule.rounding_step <= 100:
                raise ValidationError(
                    self.env._(
                        "The rounding step of %s must be above 0 and at most 100.", rule.name
                    )
                )

    @api.model
    @tools.ormcache("company_id")
    def _active_rule_ids(self, company_id):
        """The active rules of a company (every bill reads them; they seldom change)."""
        return tuple(self.search([("company_id", "in", (company_id, False))]).ids)

    @api.model
    @tools.ormcache("company_id", "lang")
    def _active_rule_data(self, company_id, lang):
        """The active rules of a company as plain, read-only values (names in ``lang``):
        a bill computes its discounts from these without reading a rule, a class or an
        exclusion again."""
        rules = self.with_context(lang=lang).browse(self._active_rule_ids(company_id))
        return tuple(
            {
                "id": rule.id,
                "name": rule.name,
                "kind": rule.kind,
                "percent": rule.percent,
                "class_ids": frozenset(rule.customer_class_ids.ids),
                "room_kind": rule.room_kind or False,
                "exclude_category_ids": frozenset(rule.exclude_category_ids.ids),
                "exclude_template_ids": frozenset(rule.exclude_product_ids.ids),
                "rounding_step": rule.rounding_step,
            }
            for rule in rules
        )

    @api.model
    def _data_excludes(self, data, template_id, category_id):
        """True when the rule (its data) leaves a dish of this template/category at its
        price."""
        return template_id in data["exclude_template_ids"] or (
            bool(category_id) and category_id in data["exclude_category_ids"]
        )

    @api.model
    def _data_applies(self, data, class_id, birthday, room_kind, today):
        if data["kind"] == "member_class":
            return bool(class_id) and class_id in data["class_ids"]
        if data["kind"] == "birthday":
            return bool(birthday) and birthday.month == today.month
        if data["kind"] == "service_charge":
            return not data["room_kind"] or data["room_kind"] == room_kind
        return True

    def _excludes(self, line):
        """True when this discount rule leaves this order line at its price."""
        self.ensure_one()
        template = line.product_id.product_tmpl_id
        return template in self.exclude_product_ids or (
            template.fuxi_category_id and template.fuxi_category_id in self.exclude_category_ids
        )

    def _applies_to(self, partner, room, today):
        self.ensure_one()
        if self.kind == "member_class":
            return bool(partner) and partner.customer_class_id in self.customer_class_ids
        if self.kind == "birthday":
            birthday = partner.birthdate_date if partner else False
            return bool(birthday) and birthday.month == today.month
        if self.kind == "service_charge":
            return not self.room_kind or self.room_kind == room.kind
        return True
