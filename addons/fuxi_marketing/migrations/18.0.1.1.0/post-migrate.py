def migrate(cr, version):
    # fuxi_marketing_assignment.company_id lost its index (each campaign inserts its whole
    # audience at once; the rows are read by campaign): Odoo leaves an index it no longer
    # declares in place
    cr.execute("DROP INDEX IF EXISTS fuxi_marketing_assignment__company_id_index")
