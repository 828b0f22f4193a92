"""Moving rights from fuxi_customer to the addon of their area (manifest 18.0.2.0.0).

fuxi_customer used to declare the Viewer/User/Manager ladders of tracking, knowledge,
service and front desk, and the Transfer/Urge rights. Those records now belong to the
addon that uses them. Renaming their XML ids (not recreating the groups) keeps every
user's membership, every access line and every record rule pointing at them. Used by the
18.0.2.0.0 pre-migrations of fuxi_customer (all areas, as it loads first) and of each
area's addon (its own names).
"""

import logging

_logger = logging.getLogger(__name__)

MOVED = {
    "fuxi_knowledge": ["knowledge"],
    "fuxi_tracking": ["tracking"],
    "fuxi_service": ["service", "transfer", "urge"],
    "fuxi_frontdesk": ["frontdesk"],
}


def moved_xmlids(area):
    if area in ("transfer", "urge"):
        return [f"group_fuxi_{area}"]
    return [
        f"module_category_fuxi_{area}",
        f"group_fuxi_{area}_viewer",
        f"group_fuxi_{area}_user",
        f"group_fuxi_{area}_manager",
    ]


def rename_xmlids(cr, new_module, names):
    """Give ``fuxi_customer.<name>`` to ``new_module`` unless it already has that name."""
    cr.execute(
        """
        UPDATE ir_model_data old
           SET module = %s
         WHERE old.module = 'fuxi_customer'
           AND old.name = ANY(%s)
           AND NOT EXISTS (
                SELECT 1 FROM ir_model_data new
                 WHERE new.module = %s AND new.name = old.name)
        """,
        [new_module, names, new_module],
    )
    if cr.rowcount:
        _logger.info("moved %s XML ids from fuxi_customer to %s", cr.rowcount, new_module)


def move_area_groups(cr, module):
    rename_xmlids(cr, module, [n for a in MOVED[module] for n in moved_xmlids(a)])
