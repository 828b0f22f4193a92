"""18.0.2.0.0: "is a VIP" is a flag on the customer class (it was the class key "vip")."""


def migrate(cr, version):
    if version:
        cr.execute("UPDATE fuxi_customer_class SET is_vip = TRUE WHERE code = 'vip'")
