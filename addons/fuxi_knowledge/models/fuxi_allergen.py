from odoo import fields, models


class FuxiAllergen(models.Model):
    _name = "fuxi.allergen"
    _description = "Allergen"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    taboo_ids = fields.Many2many(
        "fuxi.taste",
        string="Guest Taboos",
        domain=[("kind", "=", "taboo")],
        help="Guests with one of these taboos must be warned about dishes with this allergen.",
    )

    _sql_constraints = [("name_uniq", "unique(name)", "This allergen already exists.")]
