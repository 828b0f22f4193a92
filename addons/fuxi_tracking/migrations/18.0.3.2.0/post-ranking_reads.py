"""18.0.3.2.0: the rankings of one bucket of one store read their page from an index and their
count from figures kept with the buckets.

init() builds, on the existing rows, the per-dish rank index of fuxi_bucket_customer_dish_row
(one pass over the named customers' rows: about 30 s for the 5 M-line bench's 5.2 M rows,
about 2 min for 19 M rows at 20 M lines) and the empty table of each bucket's number of guests,
fuxi_bucket_customer_count. Here that table gets the guests of the buckets already kept (one
grouping of fuxi_bucket_customer: 75 k rows a year at 5 M lines, 2.3 M rows in all at 20 M:
a few seconds)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT EXISTS (SELECT 1 FROM fuxi_bucket_customer_count)")
    if cr.fetchone()[0]:
        return
    cr.execute(
        """
        INSERT INTO fuxi_bucket_customer_count (grain, day, company_id, customers)
        SELECT grain, day, company_id, COUNT(*) FROM fuxi_bucket_customer GROUP BY 1, 2, 3
        """
    )
