from odoo.addons.fuxi_customer import group_move

# records that fuxi_customer declared before 18.0.2.0.0 and that are this addon's now
FROM_FUXI_CUSTOMER = ["sequence_dish_code"]


def adopt_fuxi_customer_records(cr):
    """Take over the XML ids of the records moved from fuxi_customer (same database rows:
    the dish code sequence keeps its prefix and next number)."""
    group_move.rename_xmlids(cr, "fuxi_knowledge", FROM_FUXI_CUSTOMER)


def pre_init_hook(env):
    # fuxi_customer upgraded to 18.0.2.0.0 while this addon was not installed keeps the
    # old dish sequence (noupdate records are never deleted): use it instead of a second one
    adopt_fuxi_customer_records(env.cr)
