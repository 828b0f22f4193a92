from datetime import date, timedelta

from odoo import api, fields, models


def next_anniversary(day, today):
    """The next date (today included) on which the month and day of ``day`` come back.

    A 29 February comes back on 28 February in years that have no 29 February.
    """
    if not day:
        return False
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, day.month, day.day)
        except ValueError:  # 29 February in a common year
            candidate = date(year, 2, 28)
        if candidate >= today:
            return candidate
    return False  # pragma: no cover - the second year always matches


def month_days_within(today, days):
    """The 'MM-DD' keys of the dates from today to today + days (both included).

    Adds '02-29' when 28 February of a common year is in the window, so that guests born
    on 29 February are remembered every year.
    """
    keys = set()
    for offset in range(max(days, 0) + 1):
        current = today + timedelta(days=offset)
        keys.add(current.strftime("%m-%d"))
        if current.month == 2 and current.day == 28:
            try:
                date(current.year, 2, 29)
            except ValueError:
                keys.add("02-29")
    return sorted(keys)


class FuxiPartnerDate(models.Model):
    _name = "fuxi.partner.date"
    _description = "Customer Important Date"
    _order = "partner_id, date, id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    kind = fields.Selection(
        [
            ("wedding", "Wedding Anniversary"),
            ("company", "Company Anniversary"),
            ("family", "Family Birthday"),
            ("festival", "Personal Festival"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    name = fields.Char(string="Description", help="e.g. 'Wife's birthday', 'Opening day'")
    date = fields.Date(required=True)
    note = fields.Char()
    next_date = fields.Date(
        string="Next Occurrence",
        compute="_compute_next_date",
        help="The next day this date comes back, counted from today.",
    )

    @api.depends("date")
    def _compute_next_date(self):
        today = fields.Date.context_today(self)
        for record in self:
            record.next_date = next_anniversary(record.date, today)
