from odoo import fields, models


class FuxiSalesGuestDay(models.Model):
    """A guest's visits of one local day in one store (see fuxi_sales_day.py): distinct
    guests, first-time guests, customer value moves and regions are read from these rows,
    fewer and narrower than the visits. Walk-ins: the rows without guest; they may have
    several rows per store and day until the nightly compaction (their figures are the sum).
    Every row with a guest has visits."""

    _name = "fuxi.sales.guest.day"
    _description = "Daily Sales of a Guest"
    _log_access = False
    _order = "day desc, company_id, partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    day = fields.Date(required=True)
    visits = fields.Integer()
    covers = fields.Integer()
    revenue = fields.Float(digits=(16, 2))
    amount_dishes = fields.Float(digits=(16, 2))
    amount_drinks = fields.Float(digits=(16, 2))

    def init(self):
        # a guest's earlier days (first-time guests) and the refresh of one key; the
        # guests' days in guest order with their visits and revenue: the dashboard's customer
        # value windows are added up guest after guest from this index alone (a streaming
        # aggregate: hashing a year of guest days into 80,000 groups cost twice as much)
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_sales_guest_day_key_idx
                ON fuxi_sales_guest_day (COALESCE(partner_id, 0), company_id, day);
            CREATE INDEX IF NOT EXISTS fuxi_sales_guest_day_partner_day_idx
                ON fuxi_sales_guest_day (partner_id, day) INCLUDE (company_id, visits, revenue)
                WHERE partner_id IS NOT NULL;
            CREATE INDEX IF NOT EXISTS fuxi_sales_guest_day_day_guest_idx
                ON fuxi_sales_guest_day (day)
                INCLUDE (partner_id, company_id, visits, covers, revenue,
                         amount_dishes, amount_drinks);
            """
        )
