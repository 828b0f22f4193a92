from odoo import fields, models
from odoo.tools import SQL, create_index

# What a guest's form and station profile show (visits, spend, first and last visit,
# favourite dishes) is kept per guest and company in two small tables, exact on every write:
# PostgreSQL triggers on the visits and their lines apply each statement's change (ORM
# create/write/unlink, the recomputation of amounts and of the lines' customer, a visit
# moved to another guest or company, cascaded deletions, hand-written SQL alike). Per company
# because a user sees the figures of their allowed companies only. The triggers are
# statement-level with transition tables, so a bulk insert of a million lines costs one
# grouped upsert, not a million.

STAT_TRIGGERS = {
    # (table, event): the rows whose change is applied, as (key..., delta...) rows
    ("fuxi_consumption", "INSERT"): """
        SELECT partner_id, company_id, 1 AS visits, COALESCE(amount_total, 0) AS amount, date
          FROM fuxi_stat_new WHERE partner_id IS NOT NULL""",
    ("fuxi_consumption", "DELETE"): """
        SELECT partner_id, company_id, -1, -COALESCE(amount_total, 0), date
          FROM fuxi_stat_old WHERE partner_id IS NOT NULL""",
    ("fuxi_consumption", "UPDATE"): """
        SELECT o.partner_id, o.company_id, -1, -COALESCE(o.amount_total, 0), o.date
          FROM fuxi_stat_old o JOIN fuxi_stat_new n ON n.id = o.id
         WHERE o.partner_id IS NOT NULL
           AND (o.partner_id, o.company_id, o.date, o.amount_total)
               IS DISTINCT FROM (n.partner_id, n.company_id, n.date, n.amount_total)
        UNION ALL
        SELECT n.partner_id, n.company_id, 1, COALESCE(n.amount_total, 0), n.date
          FROM fuxi_stat_old o JOIN fuxi_stat_new n ON n.id = o.id
         WHERE n.partner_id IS NOT NULL
           AND (o.partner_id, o.company_id, o.date, o.amount_total)
               IS DISTINCT FROM (n.partner_id, n.company_id, n.date, n.amount_total)""",
}
# a line counts for its customer in the company of its visit (as it is now)
DISH_TRIGGERS = {
    ("fuxi_consumption_line", "INSERT"): """
        SELECT l.partner_id, c.company_id, l.product_id, l.quantity
          FROM fuxi_stat_new l JOIN fuxi_consumption c ON c.id = l.consumption_id
         WHERE l.partner_id IS NOT NULL""",
    # lines deleted with their visit are gone from it here: the visit's own trigger
    # (fuxi_guest_stat_visit_deleted) took them off before the visit was deleted
    ("fuxi_consumption_line", "DELETE"): """
        SELECT l.partner_id, c.company_id, l.product_id, -l.quantity
          FROM fuxi_stat_old l JOIN fuxi_consumption c ON c.id = l.consumption_id
         WHERE l.partner_id IS NOT NULL""",
    ("fuxi_consumption_line", "UPDATE"): """
        SELECT o.partner_id, c.company_id, o.product_id, -o.quantity
          FROM fuxi_stat_old o JOIN fuxi_stat_new n ON n.id = o.id
          JOIN fuxi_consumption c ON c.id = o.consumption_id
         WHERE o.partner_id IS NOT NULL
           AND (o.partner_id, o.product_id, o.quantity, o.consumption_id)
               IS DISTINCT FROM (n.partner_id, n.product_id, n.quantity, n.consumption_id)
        UNION ALL
        SELECT n.partner_id, c.company_id, n.product_id, n.quantity
          FROM fuxi_stat_old o JOIN fuxi_stat_new n ON n.id = o.id
          JOIN fuxi_consumption c ON c.id = n.consumption_id
         WHERE n.partner_id IS NOT NULL
           AND (o.partner_id, o.product_id, o.quantity, o.consumption_id)
               IS DISTINCT FROM (n.partner_id, n.product_id, n.quantity, n.consumption_id)""",
    # a visit moved to another company takes its lines' quantities along
    ("fuxi_consumption", "UPDATE"): """
        SELECT l.partner_id, o.company_id, l.product_id, -l.quantity
          FROM fuxi_stat_old o JOIN fuxi_stat_new n ON n.id = o.id
          JOIN fuxi_consumption_line l ON l.consumption_id = o.id
         WHERE o.company_id <> n.company_id AND l.partner_id IS NOT NULL
        UNION ALL
        SELECT l.partner_id, n.company_id, l.product_id, l.quantity
          FROM fuxi_stat_old o JOIN fuxi_stat_new n ON n.id = o.id
          JOIN fuxi_consumption_line l ON l.consumption_id = o.id
         WHERE o.company_id <> n.company_id AND l.partner_id IS NOT NULL""",
}


def _apply_visits(source, recompute_dates):
    """plpgsql applying the visit deltas of ``source`` to fuxi_guest_stat."""
    apply = SQL(
        """
        INSERT INTO fuxi_guest_stat AS s
               (partner_id, company_id, visit_count, total_spend, first_visit, last_visit)
        SELECT d.partner_id, d.company_id, SUM(d.visits), SUM(d.amount), MIN(d.date),
               MAX(d.date)
          FROM (%(source)s) d(partner_id, company_id, visits, amount, date)
          JOIN res_partner p ON p.id = d.partner_id
         GROUP BY d.partner_id, d.company_id
         ORDER BY d.partner_id, d.company_id
        ON CONFLICT (partner_id, company_id) DO UPDATE
           SET visit_count = s.visit_count + EXCLUDED.visit_count,
               total_spend = s.total_spend + EXCLUDED.total_spend,
               first_visit = LEAST(s.first_visit, EXCLUDED.first_visit),
               last_visit = GREATEST(s.last_visit, EXCLUDED.last_visit);
        """,
        source=SQL(source),
    )
    if not recompute_dates:
        return apply
    # a visit taken away may have been the first or last one: read them again by index
    return SQL(
        "%s%s",
        apply,
        SQL(
            """
        UPDATE fuxi_guest_stat s
           SET first_visit = (SELECT MIN(c.date) FROM fuxi_consumption c
                               WHERE c.partner_id = s.partner_id
                                 AND c.company_id = s.company_id),
               last_visit = (SELECT MAX(c.date) FROM fuxi_consumption c
                              WHERE c.partner_id = s.partner_id
                                AND c.company_id = s.company_id)
          FROM (SELECT DISTINCT d.partner_id, d.company_id
                  FROM (%(source)s) d(partner_id, company_id, visits, amount, date)) k
         WHERE s.partner_id = k.partner_id AND s.company_id = k.company_id;
        DELETE FROM fuxi_guest_stat s
         USING (SELECT DISTINCT d.partner_id, d.company_id
                  FROM (%(source)s) d(partner_id, company_id, visits, amount, date)) k
         WHERE s.partner_id = k.partner_id AND s.company_id = k.company_id
           AND s.visit_count <= 0;
            """,
            source=SQL(source),
        ),
    )


def _apply_dishes(source):
    return SQL(
        """
        INSERT INTO fuxi_guest_dish_stat AS s (partner_id, company_id, product_id, quantity)
        SELECT d.partner_id, d.company_id, d.product_id, SUM(d.quantity)
          FROM (%(source)s) d(partner_id, company_id, product_id, quantity)
          JOIN res_partner p ON p.id = d.partner_id
         GROUP BY d.partner_id, d.company_id, d.product_id
         ORDER BY d.partner_id, d.company_id, d.product_id
        ON CONFLICT (partner_id, company_id, product_id) DO UPDATE
           SET quantity = s.quantity + EXCLUDED.quantity;
        DELETE FROM fuxi_guest_dish_stat s
         USING (SELECT DISTINCT d.partner_id, d.company_id, d.product_id
                  FROM (%(source)s) d(partner_id, company_id, product_id, quantity)) k
         WHERE s.partner_id = k.partner_id AND s.company_id = k.company_id
           AND s.product_id = k.product_id AND s.quantity <= 0;
        """,
        source=SQL(source),
    )


class FuxiGuestStat(models.Model):
    """A guest's visits in one company, kept by triggers (see the module's top)."""

    _name = "fuxi.guest.stat"
    _description = "Guest Visit Figures"
    _log_access = False

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    visit_count = fields.Integer(readonly=True)
    # numeric like the visits' amounts, so that adding and taking away stays exact
    total_spend = fields.Float(digits=(16, 2), readonly=True)
    first_visit = fields.Datetime(readonly=True)
    last_visit = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("partner_company_unique", "UNIQUE(partner_id, company_id)", "One row per guest."),
    ]

    def init(self):
        cr = self.env.cr
        # the last visits of a guest (form, profile) and their first/last visit by index
        create_index(
            cr,
            indexname="fuxi_consumption_partner_date_idx",
            tablename="fuxi_consumption",
            expressions=["partner_id", "date DESC", "id DESC"],
            where="partner_id IS NOT NULL",
        )
        bodies = {}
        for (table, event), source in STAT_TRIGGERS.items():
            bodies.setdefault((table, event), []).append(
                _apply_visits(source, recompute_dates=event != "INSERT")
            )
        for (table, event), source in DISH_TRIGGERS.items():
            bodies.setdefault((table, event), []).append(_apply_dishes(source))
        for (table, event), parts in bodies.items():
            name = f"{table}_guest_stat_{event.lower()}"
            transition = {
                "INSERT": "NEW TABLE AS fuxi_stat_new",
                "DELETE": "OLD TABLE AS fuxi_stat_old",
                "UPDATE": "OLD TABLE AS fuxi_stat_old NEW TABLE AS fuxi_stat_new",
            }[event]
            cr.execute(
                SQL(
                    """
                    CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger
                    LANGUAGE plpgsql AS $body$
                    BEGIN
                        %(body)s
                        RETURN NULL;
                    END
                    $body$;
                    DROP TRIGGER IF EXISTS %(trigger)s ON %(table)s;
                    CREATE TRIGGER %(trigger)s AFTER %(event)s ON %(table)s
                        REFERENCING %(transition)s
                        FOR EACH STATEMENT EXECUTE FUNCTION %(function)s();
                    """,
                    function=SQL.identifier(name),
                    trigger=SQL.identifier(name),
                    table=SQL.identifier(table),
                    body=SQL("\n").join(parts),
                    event=SQL(event),
                    transition=SQL(transition),
                )
            )
        # a deleted visit's lines are deleted by the foreign key's cascade, when the visit is
        # gone already and their company unknown: take them off before (deletions are rare,
        # so a row-level trigger)
        cr.execute(
            """
            CREATE OR REPLACE FUNCTION fuxi_guest_stat_visit_deleted() RETURNS trigger
            LANGUAGE plpgsql AS $body$
            BEGIN
                UPDATE fuxi_guest_dish_stat s
                   SET quantity = s.quantity - d.quantity
                  FROM (SELECT partner_id, product_id, SUM(quantity) AS quantity
                          FROM fuxi_consumption_line
                         WHERE consumption_id = OLD.id AND partner_id IS NOT NULL
                         GROUP BY partner_id, product_id) d
                 WHERE s.partner_id = d.partner_id AND s.product_id = d.product_id
                   AND s.company_id = OLD.company_id;
                DELETE FROM fuxi_guest_dish_stat
                 WHERE partner_id = OLD.partner_id AND company_id = OLD.company_id
                   AND quantity <= 0;
                RETURN OLD;
            END
            $body$;
            DROP TRIGGER IF EXISTS fuxi_consumption_guest_stat_visit_deleted ON fuxi_consumption;
            CREATE TRIGGER fuxi_consumption_guest_stat_visit_deleted
                BEFORE DELETE ON fuxi_consumption
                FOR EACH ROW EXECUTE FUNCTION fuxi_guest_stat_visit_deleted();
            """
        )

    def _fuxi_refill(self):
        """Compute both tables again from every visit and line: one statement each (the
        migration that introduced them, and a repair should they ever be doubted)."""
        cr = self.env.cr
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        # millions of lines grouped by guest and dish: in memory rather than spilled to
        # disk in batches (this transaction only); inserted in key order (index appends)
        cr.execute("SET LOCAL work_mem = '256MB'")
        cr.execute("DELETE FROM fuxi_guest_stat")
        cr.execute(
            """
            INSERT INTO fuxi_guest_stat
                   (partner_id, company_id, visit_count, total_spend, first_visit, last_visit)
            SELECT partner_id, company_id, COUNT(*), SUM(COALESCE(amount_total, 0)),
                   MIN(date), MAX(date)
              FROM fuxi_consumption
             WHERE partner_id IS NOT NULL
             GROUP BY partner_id, company_id
             ORDER BY partner_id, company_id
            """
        )
        cr.execute("DELETE FROM fuxi_guest_dish_stat")
        cr.execute(
            """
            INSERT INTO fuxi_guest_dish_stat (partner_id, company_id, product_id, quantity)
            SELECT l.partner_id, c.company_id, l.product_id, SUM(l.quantity)
              FROM fuxi_consumption_line l
              JOIN fuxi_consumption c ON c.id = l.consumption_id
             WHERE l.partner_id IS NOT NULL
             GROUP BY l.partner_id, c.company_id, l.product_id
            HAVING SUM(l.quantity) > 0
             ORDER BY l.partner_id, c.company_id, l.product_id
            """
        )
        cr.execute("RESET work_mem")
        self.env["fuxi.guest.stat"].invalidate_model()
        self.env["fuxi.guest.dish.stat"].invalidate_model()


class FuxiGuestDishStat(models.Model):
    """How much of a dish a guest had in one company, kept by triggers."""

    _name = "fuxi.guest.dish.stat"
    _description = "Guest Dish Quantity"
    _log_access = False

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    product_id = fields.Many2one(
        "product.product", required=True, ondelete="cascade", readonly=True
    )
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)

    _sql_constraints = [
        (
            "partner_company_product_unique",
            "UNIQUE(partner_id, company_id, product_id)",
            "One row per guest and dish.",
        ),
    ]
