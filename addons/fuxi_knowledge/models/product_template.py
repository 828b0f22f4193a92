from collections import Counter
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.i18n import format_list

from .fuxi_kitchen_station import COURSES, KINDS, station_selection

DISH_CODE_SEQUENCE = "fuxi.dish.code"
NEW_DAYS_PARAM = "fuxi_knowledge.new_dish_days"
KNOWLEDGE_MANAGER_GROUP = "fuxi_knowledge.group_fuxi_knowledge_manager"
# 时价: the price is entered when the dish is ordered; 称重: the list price is per weight unit
PRICE_MODES = [("fixed", "Fixed Price"), ("market", "Market Price"), ("weighed", "By Weight")]
WEIGHT_UOMS = [("jin", "Jin (斤)"), ("kg", "Kilogram")]
# how a weight is written after its number on bills, tickets and messages
WEIGHT_UOM_SYMBOLS = {"jin": "斤", "kg": "kg"}
# the bounds a waiter's entry is checked against: set by the knowledge managers only
BOUND_FIELDS = ("fuxi_price_min", "fuxi_price_max", "fuxi_weight_min", "fuxi_weight_max")


class ProductTemplate(models.Model):
    """菜式品种: dishes and drinks are products, so the ERP side (prices, units, sales) is
    shared. The dish code is the product's Internal Reference (default_code), searchable in
    every product field and shown as [D00012] 西湖醋鱼."""

    _name = "product.template"
    _inherit = ["product.template", "fuxi.code.mixin"]
    _fuxi_code_field = "default_code"
    _fuxi_code_flag = "is_fuxi_dish"
    _fuxi_code_sequence = DISH_CODE_SEQUENCE

    is_fuxi_dish = fields.Boolean(
        string="Dish or Drink", index=True, help="On the restaurant's menu (菜式品种)."
    )
    fuxi_category_id = fields.Many2one(
        "fuxi.dish.category", string="Dish Category", index=True, ondelete="restrict"
    )
    fuxi_kind = fields.Selection(
        KINDS,
        string="Kind",
        compute="_compute_fuxi_kind",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="Drinks (酒水) are counted apart from dishes in consumption records and statistics.",
    )
    fuxi_station = fields.Selection(
        selection=station_selection,
        string="Kitchen Station",
        compute="_compute_fuxi_station",
        store=True,
        readonly=False,
        precompute=True,
        help="Where the kitchen display sends this item's tickets.",
    )
    fuxi_ingredients = fields.Char(string="Main Ingredients")
    fuxi_allergen_ids = fields.Many2many("fuxi.allergen", string="Allergens")
    fuxi_spiciness = fields.Selection(
        [("0", "Not Spicy"), ("1", "Mild"), ("2", "Medium"), ("3", "Very Spicy")],
        string="Spiciness",
        default="0",
    )
    fuxi_season = fields.Selection(
        [
            ("all", "All Year"),
            ("spring", "Spring"),
            ("summer", "Summer"),
            ("autumn", "Autumn"),
            ("winter", "Winter"),
        ],
        string="Season",
        default="all",
    )
    fuxi_launch_date = fields.Date(
        string="Launch Date",
        help="The day the dish goes on the menu: staff are told on that day.",
    )
    fuxi_launched_at = fields.Datetime(string="Announced On", readonly=True, copy=False)
    fuxi_is_new = fields.Boolean(
        string="New Dish", compute="_compute_fuxi_is_new", search="_search_fuxi_is_new"
    )
    fuxi_new_until = fields.Date(string="New Until", compute="_compute_fuxi_is_new")
    fuxi_course = fields.Selection(
        COURSES,
        string="Course",
        compute="_compute_fuxi_course",
        store=True,
        readonly=False,
        precompute=True,
        help="When the dish is served in the meal: the front desk holds and fires an order's "
        "lines by course (叫起 / 起菜).",
    )
    fuxi_price_mode = fields.Selection(
        PRICE_MODES,
        string="Price Mode",
        default="fixed",
        required=True,
        help="Fixed: the list price (or the portion's). Market price (时价): the waiter enters "
        "the day's price when ordering, within the bounds below. By weight (称重): the list "
        "price is the price per weight unit and the waiter enters the weight.",
    )
    fuxi_price_min = fields.Float(
        string="Lowest Market Price",
        digits="Product Price",
        help="A market price entered below it is refused (0: no floor).",
    )
    fuxi_price_max = fields.Float(
        string="Highest Market Price",
        digits="Product Price",
        help="A market price entered above it is refused (0: no ceiling).",
    )
    fuxi_weight_uom = fields.Selection(
        WEIGHT_UOMS, string="Weight Unit", default="jin", required=True
    )
    fuxi_weight_min = fields.Float(
        string="Lowest Weight",
        digits=(16, 3),
        help="A weight entered below it is refused (0: no lower bound).",
    )
    fuxi_weight_max = fields.Float(
        string="Highest Weight",
        digits=(16, 3),
        help="A weight entered above it is refused (0: no upper bound).",
    )
    fuxi_portion_ids = fields.One2many(
        "fuxi.dish.portion",
        "product_tmpl_id",
        string="Portions",
        help="Sizes with their own price (大份 / 中份 / 小份); none: the list price.",
    )
    fuxi_option_ids = fields.One2many(
        "fuxi.dish.option",
        "product_tmpl_id",
        string="Options",
        help="Choices added to the dish when ordering, with an extra price (加辣, 加蛋 ¥3).",
    )

    @api.depends("fuxi_category_id")
    def _compute_fuxi_kind(self):
        for template in self:
            if template.fuxi_category_id:
                template.fuxi_kind = template.fuxi_category_id.default_kind
            elif not template.fuxi_kind:
                template.fuxi_kind = "dish"

    @api.depends("fuxi_category_id", "fuxi_kind")
    def _compute_fuxi_station(self):
        Station = self.env["fuxi.kitchen.station"]
        for template in self:
            template.fuxi_station = (
                template.fuxi_category_id.default_station
                or (template.fuxi_kind == "drink" and Station._fuxi_default_code("drink"))
                or template.fuxi_station
                or Station._fuxi_default_code(template.fuxi_kind or "dish")
            )

    @api.depends("fuxi_category_id", "fuxi_kind")
    def _compute_fuxi_course(self):
        for template in self:
            template.fuxi_course = (
                template.fuxi_category_id.default_course
                or (template.fuxi_kind == "drink" and "drink")
                or template.fuxi_course
                or template._fuxi_default_course()
            )

    def _fuxi_default_course(self):
        """The course of the dish's category, else drinks for drinks, cold dishes for the cold
        kitchen's dishes and hot dishes for the rest."""
        self.ensure_one()
        if self.fuxi_category_id.default_course:
            return self.fuxi_category_id.default_course
        if self.fuxi_kind == "drink":
            return "drink"
        if self.fuxi_station == "cold":
            return "cold"
        return "hot"

    @api.constrains(*BOUND_FIELDS, "fuxi_price_mode")
    def _check_fuxi_bounds(self):
        for template in self:
            for low, high, what in (
                ("fuxi_price_min", "fuxi_price_max", self.env._("market price")),
                ("fuxi_weight_min", "fuxi_weight_max", self.env._("weight")),
            ):
                low, high = template[low], template[high]
                if low < 0 or high < 0:
                    raise ValidationError(
                        self.env._(
                            "%(dish)s: the bounds of the %(what)s cannot be negative.",
                            dish=template.display_name,
                            what=what,
                        )
                    )
                if low and high and low > high:
                    low_text, high_text = f"{low:g}", f"{high:g}"
                    raise ValidationError(
                        self.env._(
                            "%(dish)s: the lowest %(what)s (%(low)s) is above the highest "
                            "(%(high)s).",
                            dish=template.display_name,
                            what=what,
                            low=low_text,
                            high=high_text,
                        )
                    )

    @api.constrains("fuxi_station")
    def _check_fuxi_station(self):
        codes = {code for code, _label in self.env["fuxi.kitchen.station"]._fuxi_selection()}
        for template in self:
            if template.fuxi_station and template.fuxi_station not in codes:
                raise ValidationError(
                    self.env._(
                        "%(dish)s: there is no kitchen station %(station)s.",
                        dish=template.display_name,
                        station=template.fuxi_station,
                    )
                )

    @api.model
    def _fuxi_new_days(self):
        return self.env["ir.config_parameter"]._fuxi_get_int(NEW_DAYS_PARAM, 14, minimum=0)

    @api.depends("fuxi_launched_at")
    @api.depends_context("tz")
    def _compute_fuxi_is_new(self):
        days = self._fuxi_new_days()
        now = fields.Datetime.now()
        for template in self:
            launched = template.fuxi_launched_at
            until = launched and launched + timedelta(days=days)
            template.fuxi_is_new = bool(launched and until > now)
            template.fuxi_new_until = until and fields.Date.to_date(until)

    def _search_fuxi_is_new(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search new dishes with = True or = False."))
        since = fields.Datetime.now() - timedelta(days=self._fuxi_new_days())
        is_new = [("fuxi_launched_at", ">", since)]
        if (operator == "=") == value:
            return is_new
        return ["|", ("fuxi_launched_at", "=", False), ("fuxi_launched_at", "<=", since)]

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get(name) for vals in vals_list for name in BOUND_FIELDS):
            self._fuxi_check_bounds_right()
        return super().create(vals_list)

    def write(self, vals):
        changed = [name for name in BOUND_FIELDS if name in vals]
        if changed and any(
            float(vals[name] or 0) != template[name] for template in self for name in changed
        ):
            self._fuxi_check_bounds_right()
        return super().write(vals)

    def _fuxi_check_bounds_right(self):
        """The floor and ceiling of market prices and weights protect the bill from a slip of
        the finger: the knowledge managers set them, not the staff keeping the menu."""
        if not self.env.su and not self.env.user.has_group(KNOWLEDGE_MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only knowledge managers set the lowest and highest market prices and "
                    "weights of a dish."
                )
            )

    # ------------------------------------------------------------------ ordering
    def _fuxi_ordering_payload(self):
        """How the dish is ordered, as plain values (the front desk's menu reads them)."""
        self.ensure_one()
        return {
            "price_mode": self.fuxi_price_mode,
            "price_min": self.fuxi_price_min,
            "price_max": self.fuxi_price_max,
            "weight_uom": self.fuxi_weight_uom,
            "weight_min": self.fuxi_weight_min,
            "weight_max": self.fuxi_weight_max,
            "course": self.fuxi_course or self._fuxi_default_course(),
            "portions": [
                {"id": portion.id, "name": portion.name, "price": portion.price}
                for portion in self.fuxi_portion_ids
            ],
            "options": [
                {"id": option.id, "name": option.name, "price_extra": option.price_extra}
                for option in self.fuxi_option_ids
            ],
        }

    # ------------------------------------------------------------------ codes
    @api.constrains("default_code", "is_fuxi_dish")
    def _check_dish_code_unique(self):
        self._fuxi_check_code_unique()

    def _fuxi_code_label(self):
        return self.env._("dish code")

    # ------------------------------------------------------------------ launching
    def action_launch(self):
        """Put the dishes on the menu now and tell the staff, once per dish."""
        to_launch = self.filtered(lambda t: not t.fuxi_launched_at)
        not_dishes = to_launch.filtered(lambda t: not t.is_fuxi_dish or not t.active)
        if not_dishes:
            raise UserError(
                self.env._(
                    "Only active dishes and drinks can be launched: %(names)s.",
                    names=", ".join(not_dishes.mapped("display_name")),
                )
            )
        if not to_launch:
            return False
        today = fields.Date.context_today(self)
        for template in to_launch:
            template.write(
                {
                    "fuxi_launched_at": fields.Datetime.now(),
                    "fuxi_launch_date": min(template.fuxi_launch_date or today, today),
                }
            )
        to_launch._fuxi_announce()
        return True

    def _fuxi_announce(self):
        """A post in the staff channel and a live notification to the staff who introduce
        dishes to guests, each in the reader's language."""
        channel = self.env.ref("fuxi_knowledge.channel_new_dishes", raise_if_not_found=False)
        if channel:
            channel = channel.sudo()
            # one post read by all members: written in the language most of them use
            langs = Counter(channel.channel_member_ids.partner_id.user_ids.mapped("lang"))
            lang = langs.most_common(1)[0][0] if langs else self.env.lang
            channel.message_post(
                body=self.with_context(lang=lang)._fuxi_announcement_body(),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self._fuxi_new_dish_staff()._fuxi_notify(
            lambda env: format_list(env, self.with_env(env).mapped("name")),
            title=lambda env: env._("New dishes"),
        )

    def _fuxi_announcement_body(self):
        items = Markup("").join(
            Markup("<li><b>%s</b> %s · ¥%s%s</li>")
            % (
                template.name,
                template.default_code or "",
                f"{template.list_price:g}",
                Markup(" · %s") % template.fuxi_ingredients if template.fuxi_ingredients else "",
            )
            for template in self
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("New on the menu — please introduce them to our guests:"),
            items,
        )

    @api.model
    def _fuxi_new_dish_staff(self):
        """The staff told about new dishes: everyone who sees the Knowledge menus (the
        members of the New Dishes channel)."""
        viewers = self.env.ref("fuxi_knowledge.group_fuxi_knowledge_viewer").sudo().users
        return viewers.filtered(lambda user: user.active and not user.share)

    @api.model
    def _cron_launch_due_dishes(self):
        """Daily: launch the dishes whose launch date has come (one announcement)."""
        due = self.search(
            [
                ("is_fuxi_dish", "=", True),
                ("fuxi_launched_at", "=", False),
                ("fuxi_launch_date", "!=", False),
                ("fuxi_launch_date", "<=", fields.Date.context_today(self)),
            ]
        )
        due.action_launch()
        return due

    @api.model
    def get_new_dishes_to_recommend(self, limit=10):
        """The new dishes staff should suggest to guests, newest first, as plain values.

        Read by the front desk and the guest profile (other Fuxi addons).
        """
        limit = min(max(int(limit or 10), 1), 100)
        dishes = self.search(
            [("is_fuxi_dish", "=", True), ("fuxi_is_new", "=", True)],
            order="fuxi_launched_at desc, id desc",
            limit=limit,
        )
        return [
            {
                "id": dish.id,
                "product_id": dish.product_variant_id.id,
                "name": dish.name,
                "code": dish.default_code or "",
                "price": dish.list_price,
                "category": dish.fuxi_category_id.complete_name or "",
                "kind": dish.fuxi_kind,
                "station": dish.fuxi_station,
                "launch_date": fields.Date.to_string(dish.fuxi_launch_date),
                "new_until": fields.Date.to_string(dish.fuxi_new_until),
                "ingredients": dish.fuxi_ingredients or "",
                "allergens": dish.fuxi_allergen_ids.mapped("name"),
            }
            for dish in dishes
        ]
