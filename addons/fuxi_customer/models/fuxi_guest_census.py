from odoo import fields, models
from odoo.tools import SQL

# The customer list's search panel counts the guests by class and by region each time it
# opens: two GROUP BY over every guest (100,000 rows each), more than the list itself (which
# counts up to 10,001). Those counts are kept here, per class × region × company × "shared"
# flag (the columns the partner company rule reads), by statement-level triggers on
# res_partner (appending, so that registrations never wait for each other); the panel
# reads them when it shows the guests unfiltered (see
# res.partner._search_panel_domain_image). Any other search counts live, as Odoo does.

CENSUS_KEY = "customer_class_id, region_id, company_id, partner_share"
CENSUS_SOURCES = {
    "INSERT": """
        SELECT customer_class_id, region_id, company_id, partner_share, 1
          FROM fuxi_census_new WHERE is_fuxi_customer AND active""",
    "DELETE": """
        SELECT customer_class_id, region_id, company_id, partner_share, -1
          FROM fuxi_census_old WHERE is_fuxi_customer AND active""",
    "UPDATE": """
        SELECT o.customer_class_id, o.region_id, o.company_id, o.partner_share, -1
          FROM fuxi_census_old o JOIN fuxi_census_new n ON n.id = o.id
         WHERE o.is_fuxi_customer AND o.active
           AND (o.is_fuxi_customer, o.active, o.customer_class_id, o.region_id, o.company_id,
                o.partner_share)
               IS DISTINCT FROM (n.is_fuxi_customer, n.active, n.customer_class_id, n.region_id,
                                 n.company_id, n.partner_share)
        UNION ALL
        SELECT n.customer_class_id, n.region_id, n.company_id, n.partner_share, 1
          FROM fuxi_census_old o JOIN fuxi_census_new n ON n.id = o.id
         WHERE n.is_fuxi_customer AND n.active
           AND (o.is_fuxi_customer, o.active, o.customer_class_id, o.region_id, o.company_id,
                o.partner_share)
               IS DISTINCT FROM (n.is_fuxi_customer, n.active, n.customer_class_id, n.region_id,
                                 n.company_id, n.partner_share)""",
}
TRANSITIONS = {
    "INSERT": "NEW TABLE AS fuxi_census_new",
    "DELETE": "OLD TABLE AS fuxi_census_old",
    "UPDATE": "OLD TABLE AS fuxi_census_old NEW TABLE AS fuxi_census_new",
}


class FuxiGuestCensus(models.Model):
    """How many active guests share a class, a region, a company and the shared flag: the
    sum of the rows of a key (the triggers append a row per statement)."""

    _name = "fuxi.guest.census"
    _description = "Guest Census"
    _log_access = False

    customer_class_id = fields.Many2one("fuxi.customer.class", readonly=True, ondelete="cascade")
    region_id = fields.Many2one("fuxi.region", readonly=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", readonly=True, ondelete="cascade")
    partner_share = fields.Boolean(readonly=True)
    count = fields.Integer(readonly=True)

    def init(self):
        cr = self.env.cr
        for event, source in CENSUS_SOURCES.items():
            name = f"res_partner_fuxi_census_{event.lower()}"
            cr.execute(
                SQL(
                    """
                    CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger
                    LANGUAGE plpgsql AS $body$
                    BEGIN
                        -- append-only (no upsert): concurrent registrations never wait
                        -- for each other on a shared count row; the reader sums, a cron
                        -- folds the rows together (_fuxi_compact)
                        INSERT INTO fuxi_guest_census
                               (customer_class_id, region_id, company_id, partner_share, count)
                        SELECT d.customer_class_id, d.region_id, d.company_id, d.partner_share,
                               SUM(d.n)
                          FROM (%(source)s)
                               d(customer_class_id, region_id, company_id, partner_share, n)
                         -- a company being deleted takes its rows along (foreign key)
                         WHERE d.company_id IS NULL
                            OR EXISTS (SELECT 1 FROM res_company WHERE id = d.company_id)
                         GROUP BY d.customer_class_id, d.region_id, d.company_id,
                                  d.partner_share
                        HAVING SUM(d.n) <> 0;
                        RETURN NULL;
                    END
                    $body$;
                    DROP TRIGGER IF EXISTS %(trigger)s ON res_partner;
                    CREATE TRIGGER %(trigger)s AFTER %(event)s ON res_partner
                        REFERENCING %(transition)s
                        FOR EACH STATEMENT EXECUTE FUNCTION %(function)s();
                    """,
                    function=SQL.identifier(name),
                    trigger=SQL.identifier(name),
                    source=SQL(source),
                    event=SQL(event),
                    transition=SQL(TRANSITIONS[event]),
                )
            )

    def _fuxi_compact(self):
        """Fold the rows the triggers appended into one per key (cron). Rows of transactions
        not committed yet are invisible here, so they are neither deleted nor counted."""
        self.env.cr.execute(
            SQL(
                """
                WITH moved AS (
                    DELETE FROM fuxi_guest_census RETURNING %(key)s, count
                )
                INSERT INTO fuxi_guest_census (%(key)s, count)
                SELECT %(key)s, SUM(count) FROM moved GROUP BY %(key)s HAVING SUM(count) <> 0
                """,
                key=SQL(CENSUS_KEY),
            )
        )
        self.invalidate_model()

    def _fuxi_refill(self):
        """Count every guest again (the migration that introduced the table; a repair)."""
        self.env["res.partner"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM fuxi_guest_census;
                INSERT INTO fuxi_guest_census (%(key)s, count)
                SELECT %(key)s, COUNT(*) FROM res_partner
                 WHERE is_fuxi_customer AND active
                 GROUP BY %(key)s
                """,
                key=SQL(CENSUS_KEY),
            )
        )
        self.invalidate_model()
