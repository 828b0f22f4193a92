"""18.0.2.0.0:
- "is a VIP" is a flag on the customer class (it was the class key "vip");
- who may change guests is checked in Python (res.partner._fuxi_check_guest_change): the
  three record rules on res.partner go. They were noupdate records, which an upgrade keeps.
"""

PARTNER_RULES = [
    "res_partner_rule_employee",
    "res_partner_rule_customer_user",
    "res_partner_rule_customer_manager",
]


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE fuxi_customer_class SET is_vip = TRUE WHERE code = 'vip'")
    cr.execute(
        """
        DELETE FROM ir_rule
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'fuxi_customer' AND model = 'ir.rule' AND name = ANY(%s))
        """,
        [PARTNER_RULES],
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'fuxi_customer' AND model = 'ir.rule' "
        "AND name = ANY(%s)",
        [PARTNER_RULES],
    )
