import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Dishes and drinks: drinks (酒水) are counted apart in consumption records and statistics.
# The one definition of the kinds: every Fuxi addon imports it.
KINDS = [("dish", "Dish"), ("drink", "Drink")]
# The courses of a Chinese meal, in the order they are served: the front desk holds and
# fires the lines of an order by course (叫起 / 起菜). The one definition, like KINDS.
COURSES = [
    ("cold", "Cold Dishes"),
    ("hot", "Hot Dishes"),
    ("soup", "Soups"),
    ("staple", "Staples"),
    ("dessert", "Desserts"),
    ("drink", "Drinks"),
]

_CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def station_selection(records):
    """The options of every "kitchen station" selection field (dishes, categories, order
    lines, tickets): the stations of :class:`FuxiKitchenStation`.

    Use as ``fields.Selection(selection=station_selection)``: the field stores the station's
    code, so adding a station is data (no code change, no migration of stored values), the
    way ``res.partner.lang`` stores the code of an ``res.lang`` record.
    """
    return records.env["fuxi.kitchen.station"]._fuxi_selection()


class FuxiKitchenStation(models.Model):
    """A kitchen station (热菜, 凉菜, 酒水, 点心, 砧板, 烧腊 …): where a dish's tickets go.

    Restaurants differ in their stations, and a station is what a kitchen screen shows and
    (later) what a ticket printer is attached to, so the stations are records, not a list in
    the code. Three are shipped: hot kitchen, cold kitchen, bar.
    """

    _name = "fuxi.kitchen.station"
    _description = "Kitchen Station"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stored on dishes, order lines and tickets (lower-case letters, digits and _); "
        "it cannot change once a dish uses the station.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    default_kind = fields.Selection(
        KINDS,
        string="Default for Kind",
        help="Products of this kind whose category names no station go to this station.",
    )
    company_id = fields.Many2one(
        "res.company", help="Leave empty for a station of every company.", index=True
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Another kitchen station already has this code."),
    ]

    @api.constrains("code")
    def _check_code(self):
        for station in self:
            if not _CODE_PATTERN.match(station.code or ""):
                raise ValidationError(
                    self.env._(
                        "The code of a kitchen station is 1 to 32 lower-case letters, digits "
                        "or _, starting with a letter: %(code)s",
                        code=station.code,
                    )
                )

    def write(self, vals):
        if "code" in vals:
            used = self.filtered(lambda station: station.code != vals["code"])._fuxi_used()
            if used:
                raise UserError(
                    self.env._(
                        "Dishes use the kitchen station %(station)s: its code cannot change.",
                        station=used[0].name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self._fuxi_used()
        if used:
            raise UserError(
                self.env._(
                    "Dishes use the kitchen station %(station)s: archive it instead.",
                    station=used[0].name,
                )
            )

    def _fuxi_used(self):
        """The stations some dish or drink (archived ones too) is sent to."""
        if not self:
            return self
        Template = self.env["product.template"].sudo().with_context(active_test=False)
        codes = {
            template.fuxi_station
            for template in Template.search([("fuxi_station", "in", self.mapped("code"))])
        }
        return self.filtered(lambda station: station.code in codes)

    @api.model
    def _fuxi_selection(self):
        # every station, archived ones too, so that stored values keep their label; sudo:
        # a selection's options are not a secret of the company that made them
        stations = self.sudo().with_context(active_test=False).search([("code", "!=", False)])
        return [(station.code, station.name) for station in stations]

    @api.model
    def _fuxi_default_code(self, kind):
        """The station of a product of ``kind`` whose category names none."""
        # sudo with the company's domain: anyone creating a product gets its station
        stations = self.sudo().search([("company_id", "in", [False, self.env.company.id])])
        station = stations.filtered(lambda s: s.default_kind == kind)[:1] or stations[:1]
        return station.code or False

    @api.model
    def fuxi_stations(self):
        """The active stations of the user's companies, as plain values for the screens:
        ``[{"code", "name"}]`` in the user's language."""
        return [
            {"code": station.code, "name": station.name}
            for station in self.search([("code", "!=", False)])
        ]
