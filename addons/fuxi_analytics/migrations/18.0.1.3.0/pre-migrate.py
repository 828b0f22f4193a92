def migrate(cr, version):
    """The guests' day index now carries their visits and revenue (the dashboard's customer
    value windows read it alone): dropped here, made again by the model's init()."""
    if not version:
        return
    cr.execute("DROP INDEX IF EXISTS fuxi_sales_guest_day_partner_day_idx")
