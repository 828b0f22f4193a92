{
    "name": "Fuxi Restaurant CRM: Tracking",
    "summary": "Rooms and tables, consumption records, reservations with reminders, "
    "consumption history, rankings and customer value (RFM)",
    "description": """
客户跟踪管理 — visits, reservations, rankings, customer value
=============================================================

Rooms and tables, consumption records (visits with dish and drink lines), reservations with
reminders, each guest's history, the three rankings of the seed from exact pre-aggregates,
and customer value (RFM).

The guide is README.md in this addon's folder.
""",
    "version": "18.0.3.2.0",
    "category": "Sales/CRM",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    "depends": ["fuxi_knowledge", "mail", "bus"],
    "data": [
        "security/fuxi_tracking_groups.xml",
        "security/ir.model.access.csv",
        "security/fuxi_tracking_security.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/fuxi_room_views.xml",
        "views/fuxi_consumption_views.xml",
        "views/fuxi_reservation_views.xml",
        "views/res_partner_views.xml",
        "wizard/fuxi_ranking_views.xml",
        "report/fuxi_ranking_reports.xml",
        "report/fuxi_ranking_templates.xml",
        "report/res_partner_reports.xml",
        "report/res_partner_templates.xml",
        "views/fuxi_tracking_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/fuxi_room_demo.xml",
        "demo/fuxi_consumption_demo.xml",
        "demo/fuxi_reservation_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "fuxi_tracking/static/src/views/**/*",
            "fuxi_tracking/static/src/guest_profile/*",
        ],
        "web.assets_unit_tests": [
            "fuxi_tracking/static/tests/**/*.test.js",
        ],
    },
    "installable": True,
}
