from datetime import date, datetime

from odoo.tests import tagged

from .common import FuxiTrackingCase, utc

DISH_FIGURES = """
    SELECT COALESCE(SUM(quantity), 0), COALESCE(SUM(visits), 0), COALESCE(SUM(line_count), 0),
           COALESCE(SUM(customers), 0)
      FROM fuxi_bucket_dish
     WHERE grain = %(grain)s AND day = %(day)s AND company_id = %(company)s
       AND product_id = %(product)s
"""
LINE_FIGURES = """
    SELECT COALESCE(SUM(l.quantity), 0), COUNT(DISTINCT l.consumption_id), COUNT(*),
           COUNT(DISTINCT l.partner_id)
      FROM fuxi_consumption_line l
      JOIN fuxi_consumption c ON c.id = l.consumption_id
     WHERE l.product_id = %(product)s AND c.company_id = %(company)s
       AND l.date >= %(start)s AND l.date < %(end)s
"""


@tagged("post_install", "-at_install")
class TestBucketUpkeep(FuxiTrackingCase):
    """The buckets' upkeep: two desks closing tables with the same dish in the same month do
    not collide, and a write costs what its own visit costs, whatever the guest's history."""

    def test_two_desks_same_dish_same_month_both_commit(self):
        """Two transactions each closing a named guest's visit and a walk-in visit with the
        same dish in the same month and store (the shared dish and walk-in buckets): neither
        waits for the other (a 2 s lock timeout) nor fails, and both count, exactly."""
        registry = self.env.registry
        with registry.cursor() as cr:
            env = self.env(cr=cr)
            # committed data only: the other transactions do not see this test's records
            dish = env["product.product"].search([("is_fuxi_dish", "=", True)], order="id", limit=1)
            guests = env["res.partner"].search(
                [("is_fuxi_customer", "=", True)], order="id", limit=2
            )
            company = env.company.id
        self.assertEqual(len(guests), 2)
        when = utc("2021-03-15 12:00")
        figures = {
            "grain": "month",
            "day": datetime(2021, 3, 1).date(),
            "company": company,
            "product": dish.id,
            "start": utc("2021-03-01 00:00"),
            "end": utc("2021-04-01 00:00"),
        }
        created = []

        def close_tables(cr, guest):
            env = self.env(cr=cr)
            cr.execute("SET LOCAL lock_timeout = '2s'")
            visits = env["fuxi.consumption"].create(
                [
                    {
                        "partner_id": partner,
                        "date": when,
                        "company_id": company,
                        "line_ids": [(0, 0, {"product_id": dish.id, "quantity": 2})],
                    }
                    for partner in (guest.id, False)
                ]
            )
            env.flush_all()
            return visits.ids

        try:
            with registry.cursor() as cr1, registry.cursor() as cr2:
                first = close_tables(cr1, guests[0])
                second = close_tables(cr2, guests[1])
                cr1.commit()
                created += first
                cr2.commit()
                created += second
            with registry.cursor() as cr:
                for year in (False, True):
                    if year:
                        figures.update(
                            grain="year",
                            day=datetime(2021, 1, 1).date(),
                            start=utc("2021-01-01 00:00"),
                            end=utc("2022-01-01 00:00"),
                        )
                    cr.execute(DISH_FIGURES, figures)
                    kept = [float(value) for value in cr.fetchone()]
                    cr.execute(LINE_FIGURES, figures)
                    self.assertEqual(kept, [float(value) for value in cr.fetchone()])
                    self.assertGreaterEqual(kept[3], 2)
        finally:
            with registry.cursor() as cr:
                env = self.env(cr=cr)
                env["fuxi.consumption"].browse(created).unlink()
                env["fuxi.bucket.keeper"]._fuxi_fold()

    def test_a_correction_reads_only_its_visit(self):
        """Correcting a line of a guest with a long history reads that visit, not the
        guest's other visits: the buckets change by the difference (a bucket set off on
        purpose stays off by the same amount, where a recount would have put it right), in
        as many queries as for a guest with one visit."""
        many = self.env["fuxi.consumption"]
        for day in range(1, 21):
            many |= self._visit(self.zhou, f"2026-05-{day:02d} 12:00", [(self.fish, 1, 10.0)])
        one = self._visit(self.sun, "2026-05-03 12:00", [(self.fish, 1, 10.0)])
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """UPDATE fuxi_bucket_customer SET amount_total = amount_total + 1000
                WHERE partner_id = %s AND grain = 'month'""",
            [self.zhou.id],
        )
        one.line_ids.quantity = 2  # the caches warm
        self.env.flush_all()
        counts = []
        for visit in (one, many[5]):
            self.env.invalidate_all()
            line = visit.line_ids
            before = cr.sql_log_count
            line.quantity = 3
            self.env.flush_all()
            counts.append(cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])
        cr.execute(
            """SELECT amount_total, visits FROM fuxi_bucket_customer
                WHERE partner_id = %s AND grain = 'month' AND day = '2026-05-01'""",
            [self.zhou.id],
        )
        self.assertEqual([float(value) for value in cr.fetchone()], [1000 + 19 * 10 + 30, 20])

    def test_fold_keeps_the_figures(self):
        """The rows the desks append to the shared buckets (walk-ins, dishes) fold into one
        row per key, and the buckets read the same before and after (a key whose lines
        were all taken away is no row)."""
        walk_ins = self.env["fuxi.consumption"]
        for hour in range(10, 14):
            walk_ins |= self._visit(False, f"2026-04-02 {hour}:00", [(self.fish, 2), (self.tea, 1)])
        self._visit(self.qian, "2026-04-02 12:30", [(self.fish, 1)])
        walk_ins[0].line_ids[0].quantity = 5
        walk_ins[1].unlink()
        gone = self._visit(False, "2026-04-03 12:00", [(self.shrimp, 1)])
        gone.unlink()
        cr = self.env.cr

        def read():
            self.env.flush_all()
            cr.execute(
                "SELECT grain, day, partner_id, product_id, quantity, visits, line_count"
                " FROM fuxi_bucket_customer_dish WHERE product_id = ANY(%s) ORDER BY 1, 2, 3, 4",
                [[self.fish.id, self.tea.id, self.shrimp.id]],
            )
            dishes = cr.fetchall()
            cr.execute(
                "SELECT grain, day, product_id, quantity, visits, line_count, customers"
                " FROM fuxi_bucket_dish WHERE product_id = ANY(%s) ORDER BY 1, 2, 3",
                [[self.fish.id, self.tea.id, self.shrimp.id]],
            )
            return dishes, cr.fetchall()

        before = read()
        self.assertNotIn(self.shrimp.id, [row[3] for row in before[0]])
        self.assertIn(("month", date(2026, 4, 1), None, self.fish.id), [r[:4] for r in before[0]])
        self.env["fuxi.bucket.keeper"]._fuxi_fold()
        self.assertEqual(read(), before)
        cr.execute(
            "SELECT COUNT(*) FROM fuxi_bucket_customer_dish_row WHERE delta"
            " UNION ALL SELECT COUNT(*) FROM fuxi_bucket_dish_row WHERE delta"
        )
        self.assertEqual(cr.fetchall(), [(0,), (0,)])
