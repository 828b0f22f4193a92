"""18.0.2.0.0: Chinese labels that were wrong are taken again from this addon's zh_CN.po.

The rights levels came from fuxi_customer with its Chinese ("User" read 登录使用), and the
complaint status "New" and severity "Medium" had the Chinese of a new dish and of
spiciness (新菜, 中辣). Their English terms changed, but an upgrade keeps a label's existing
translations; forgetting the Chinese here lets the loading of zh_CN.po, which follows this
step, put the right one in.
"""

import logging

_logger = logging.getLogger(__name__)

GROUPS = ["group_fuxi_service_viewer", "group_fuxi_service_user", "group_fuxi_service_manager"]
SELECTIONS = [
    ("fuxi.complaint", "state", "new"),
    ("fuxi.complaint", "severity", "medium"),
    ("fuxi.support.request", "state", "new"),
]
FIELDS = [("res.config.settings", "fuxi_deadline_hours_medium")]


def forget_chinese(cr):
    cr.execute(
        """
        UPDATE res_groups g SET name = g.name - 'zh_CN'
          FROM ir_model_data d
         WHERE d.model = 'res.groups' AND d.res_id = g.id
           AND d.module = 'fuxi_service' AND d.name = ANY(%s)
        """,
        [GROUPS],
    )
    count = cr.rowcount
    for model, field, value in SELECTIONS:
        cr.execute(
            """
            UPDATE ir_model_fields_selection s SET name = s.name - 'zh_CN'
              FROM ir_model_fields f
             WHERE s.field_id = f.id AND f.model = %s AND f.name = %s AND s.value = %s
            """,
            [model, field, value],
        )
        count += cr.rowcount
    for model, field in FIELDS:
        cr.execute(
            """
            UPDATE ir_model_fields SET field_description = field_description - 'zh_CN'
             WHERE model = %s AND name = %s
            """,
            [model, field],
        )
        count += cr.rowcount
    _logger.info("fuxi_service: %s labels will take their Chinese from zh_CN.po again", count)


def migrate(cr, version):
    if version:
        forget_chinese(cr)
