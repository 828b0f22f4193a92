"""18.0.3.1.0: the dish and customer × dish buckets are read through views adding up the rows
of each key (the shared keys get rows appended by the writers instead of one row updated
by every desk). The existing tables become those rows as they are — renamed, with a
``delta`` flag that is false for all of them — so no bucket is recomputed; their unique
index becomes partial (init() builds it again, ``WHERE NOT delta``)."""


def migrate(cr, version):
    if not version:
        return
    for table in ("fuxi_bucket_customer_dish", "fuxi_bucket_dish"):
        cr.execute(
            "SELECT 1 FROM pg_class WHERE relname = %s AND relkind = 'r'",
            [table],
        )
        if not cr.fetchone():
            continue
        cr.execute(f"DROP INDEX IF EXISTS {table}_key_uniq")
        cr.execute(f"ALTER TABLE {table} RENAME TO {table}_row")
        cr.execute(f"ALTER TABLE {table}_row ADD COLUMN delta boolean NOT NULL DEFAULT false")
