{
    "name": "Fuxi Restaurant CRM: Front Desk and Kitchen Display",
    "summary": "Touch ordering at the front desk, kitchen tickets per station, kitchen display",
    "version": "18.0.2.2.0",
    "category": "Sales/CRM",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    "depends": ["fuxi_tracking", "bus"],
    "data": [
        "security/fuxi_frontdesk_groups.xml",
        "security/ir.model.access.csv",
        "security/fuxi_frontdesk_security.xml",
        "security/fuxi_frontdesk_order_event_security.xml",
        "data/ir_sequence_data.xml",
        "views/fuxi_frontdesk_order_views.xml",
        "views/fuxi_frontdesk_order_line_views.xml",
        "views/fuxi_frontdesk_order_event_views.xml",
        "views/fuxi_kitchen_ticket_views.xml",
        "views/res_config_settings_views.xml",
        "report/fuxi_frontdesk_reports.xml",
        "report/fuxi_frontdesk_templates.xml",
        "views/fuxi_frontdesk_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/fuxi_frontdesk_order_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "fuxi_frontdesk/static/src/**/*",
        ],
        "web.assets_unit_tests": [
            "fuxi_frontdesk/static/tests/**/*.test.js",
        ],
        "web.assets_tests": [
            "fuxi_frontdesk/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
