"""18.0.2.0.0:
- "is a VIP" is a flag on the customer class (it was the class key "vip");
- who may change guests is checked in Python (res.partner._fuxi_check_guest_change): the
  three record rules on res.partner go. They were noupdate records, which an upgrade keeps.
- the ladders' Chinese names are taken again from the po files (an upgrade keeps existing
  translations, and "User" read 登录使用): forgotten here, each owning addon's zh_CN.po
  fills them in when it loads after this step.
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
    cr.execute(
        r"""
        UPDATE res_groups g SET name = g.name - 'zh_CN'
          FROM ir_model_data d
         WHERE d.model = 'res.groups' AND d.res_id = g.id AND d.module LIKE 'fuxi%'
           AND d.name ~ '^group_fuxi_[a-z]+_(viewer|user|manager)$'
        """
    )
