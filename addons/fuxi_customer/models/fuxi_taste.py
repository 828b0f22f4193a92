from odoo import fields, models


class FuxiTaste(models.Model):
    _name = "fuxi.taste"
    _description = "Taste Preference or Taboo"
    _order = "kind, sequence, name"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [("preference", "Taste Preference"), ("taboo", "Taboo / Allergy")],
        required=True,
        default="preference",
        help="Preferences are what the guest likes (口味); taboos are what must never be "
        "served to them (忌口), allergies included.",
    )
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_kind_uniq", "unique(name, kind)", "This taste entry already exists."),
    ]
