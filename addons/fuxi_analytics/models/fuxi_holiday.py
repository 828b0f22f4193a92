from odoo import api, fields, models
from odoo.exceptions import ValidationError

HOLIDAY_KINDS = [
    ("new_year", "New Year's Day"),
    ("spring_festival", "Spring Festival"),
    ("qingming", "Qingming Festival"),
    ("labour_day", "Labour Day"),
    ("dragon_boat", "Dragon Boat Festival"),
    ("mid_autumn", "Mid-Autumn Festival"),
    ("national_day", "National Day"),
    ("makeup_workday", "Make-up Working Day"),
    ("other", "Other Special Day"),
]


class FuxiHoliday(models.Model):
    """节假日: a public holiday (or a make-up working day) the sales forecast treats apart
    from the weekday pattern. Every year's days of one kind share one learned effect, so the
    Spring Festival of last year teaches the forecast about this year's, whatever its date."""

    _name = "fuxi.holiday"
    _description = "Holiday for the Sales Forecast"
    _order = "date_from desc, id desc"

    name = fields.Char(required=True)
    kind = fields.Selection(HOLIDAY_KINDS, required=True, default="other")
    date_from = fields.Date(string="First Day", required=True)
    date_to = fields.Date(string="Last Day", required=True)
    factor = fields.Float(
        string="Fixed Effect",
        digits=(16, 2),
        help="Leave at 0 to let the forecast learn the effect of this kind of day from past "
        "years; otherwise these days are the ordinary forecast times this number "
        "(1.5 = half as much again, 0.5 = half).",
    )
    company_id = fields.Many2one(
        "res.company", help="Leave empty for a holiday of every store.", index=True
    )
    active = fields.Boolean(default=True)
    note = fields.Char()

    _sql_constraints = [
        ("factor_positive", "CHECK(factor >= 0)", "A holiday's effect cannot be negative."),
    ]

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for holiday in self:
            if holiday.date_to < holiday.date_from:
                raise ValidationError(
                    self.env._("%(name)s ends before it starts.", name=holiday.name)
                )
            if (holiday.date_to - holiday.date_from).days > 31:
                raise ValidationError(
                    self.env._("%(name)s is longer than a month.", name=holiday.name)
                )

    @api.model
    def _days_by_kind(self, date_from, date_to):
        """({day: kind}, {kind: fixed effect}) for the holidays between the two dates the
        user's current companies observe."""
        holidays = self.search(
            [
                ("date_to", ">=", date_from),
                ("date_from", "<=", date_to),
                ("company_id", "in", [*self.env.companies.ids, False]),
            ],
            order="date_from",
        )
        days, overrides = {}, {}
        for holiday in holidays:
            day = holiday.date_from
            while day <= holiday.date_to:
                days[day] = holiday.kind
                day = fields.Date.add(day, days=1)
            if holiday.factor:
                overrides[holiday.kind] = holiday.factor
        return days, overrides
