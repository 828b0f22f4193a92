from odoo import api, fields, models
from odoo.tools import SQL

from .fuxi_bucket import EXACT, GRAINS

# a closed period's ranking keeps its first rows: the pages a manager looks at
CLOSED_ROWS = 1000


class FuxiRankingClosed(models.Model):
    """The ranked rows of a closed period (a past month or year: one whole bucket), so that a
    repeat view reads them instead of ranking again.

    Written only on the primary — by the daily job (spend rankings of last month and last
    year, for every store and for all stores together) and by the ranking wizard when it
    computes a closed period — never by the read-only ranking verb. A correction of a visit in
    the period deletes them (in the correction's transaction, with the buckets' refresh).
    The row with rank 0 holds the ranking's number of rows. Nobody reads this table through
    the ORM (no access right): fuxi.ranking.get_ranking reads it after checking that the
    user's companies are those it was ranked for.
    """

    _name = "fuxi.ranking.closed"
    _description = "Ranking of a Closed Period"
    _log_access = False
    _order = "rank"

    ranking = fields.Char(required=True, readonly=True)
    grain = fields.Selection(GRAINS, required=True, readonly=True)
    day = fields.Date(string="First Day", required=True, readonly=True)
    company_key = fields.Char(
        required=True, readonly=True, help="The ids of the stores ranked together, sorted."
    )
    subject_id = fields.Integer(readonly=True, help="The customer or dish ranked; 0: none.")
    product_kind = fields.Char(readonly=True)
    row_count = fields.Integer(readonly=True)
    rank = fields.Integer(readonly=True)
    partner_id = fields.Many2one("res.partner", readonly=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", readonly=True, ondelete="cascade")
    kind = fields.Char(readonly=True)
    quantity = fields.Float(readonly=True, digits=EXACT)
    amount = fields.Float(readonly=True, digits=EXACT)
    visits = fields.Integer(readonly=True)

    def init(self):
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_ranking_closed_key_idx
                ON fuxi_ranking_closed
                   (ranking, grain, day, company_key, subject_id, product_kind, rank);
            CREATE INDEX IF NOT EXISTS fuxi_ranking_closed_period_idx
                ON fuxi_ranking_closed (grain, day)
            """
        )

    @api.model
    def _fuxi_key(self, ranking, grain, day, companies, subject_id, product_kind):
        return SQL(
            """ranking = %s AND grain = %s AND day = %s AND company_key = %s
               AND subject_id = %s AND product_kind = %s""",
            ranking,
            grain,
            day,
            ",".join(str(company) for company in sorted(companies)),
            subject_id or 0,
            product_kind or "all",
        )

    @api.model
    def _fuxi_store(self, ranking, grain, day, companies, subject_id, product_kind, core):
        """Store the first CLOSED_ROWS rows of the ranking ``core`` (its SQL, every row in
        rank order) and its number of rows."""
        key = self._fuxi_key(ranking, grain, day, companies, subject_id, product_kind)
        self.env.cr.execute(SQL("DELETE FROM fuxi_ranking_closed WHERE %s", key))
        self.env.cr.execute(
            SQL(
                """
                WITH r AS (
                    SELECT r.*, COUNT(*) OVER () AS full_count
                      FROM (%(core)s) r ORDER BY r.rank LIMIT %(rows)s
                )
                INSERT INTO fuxi_ranking_closed
                       (ranking, grain, day, company_key, subject_id, product_kind, row_count,
                        rank, partner_id, product_id, kind, quantity, amount, visits)
                SELECT %(ranking)s, %(grain)s, %(day)s, %(company_key)s, %(subject)s,
                       %(kind)s, r.full_count, r.rank, r.partner_id, r.product_id, r.kind,
                       r.quantity, r.amount, r.visits
                  FROM r
                 UNION ALL
                SELECT %(ranking)s, %(grain)s, %(day)s, %(company_key)s, %(subject)s,
                       %(kind)s, COALESCE((SELECT MAX(full_count) FROM r), 0), 0,
                       NULL, NULL, NULL, NULL, NULL, NULL
                """,
                core=core,
                rows=CLOSED_ROWS,
                ranking=ranking,
                grain=grain,
                day=day,
                company_key=",".join(str(company) for company in sorted(companies)),
                subject=subject_id or 0,
                kind=product_kind or "all",
            )
        )

    @api.model
    def _fuxi_read(self, ranking, grain, day, companies, subject_id, product_kind, offset, limit):
        """(row count, rows of the page) from the stored ranking, or None when it is not
        stored or the page lies beyond its stored rows."""
        key = self._fuxi_key(ranking, grain, day, companies, subject_id, product_kind)
        self.env.cr.execute(
            SQL("SELECT row_count FROM fuxi_ranking_closed WHERE %s AND rank = 0", key)
        )
        head = self.env.cr.fetchone()
        if not head:
            return None
        count = head[0]
        last = offset + limit if limit else count
        if min(last, count) > CLOSED_ROWS:
            return None
        self.env.cr.execute(
            SQL(
                """SELECT rank, partner_id, product_id, kind, quantity, amount, visits
                     FROM fuxi_ranking_closed
                    WHERE %s AND rank > %s AND rank <= %s
                    ORDER BY rank""",
                key,
                offset,
                last,
            )
        )
        names = [desc[0] for desc in self.env.cr.description]
        return count, [dict(zip(names, values, strict=True)) for values in self.env.cr.fetchall()]

    @api.model
    def _fuxi_forget(self, months):
        """Forget the stored rankings of the months ``months`` and of their years."""
        if not months:
            return
        years = sorted({month.replace(month=1) for month in months})
        self.env.cr.execute(
            SQL(
                """DELETE FROM fuxi_ranking_closed
                    WHERE (grain = 'month' AND day = ANY(%s))
                       OR (grain = 'year' AND day = ANY(%s))""",
                sorted(months),
                years,
            )
        )

    @api.model
    def _fuxi_forget_all(self):
        self.env.cr.execute("DELETE FROM fuxi_ranking_closed")
