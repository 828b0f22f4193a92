{
    "name": "Fuxi Restaurant CRM: Cashier and Membership",
    "summary": "收银: member prices, payments, stored value and points on Odoo loyalty, "
    "shifts and the daily close",
    "version": "18.0.1.2.0",
    "category": "Sales/CRM",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    "depends": ["fuxi_frontdesk", "fuxi_card_reader", "loyalty"],
    "data": [
        "security/fuxi_cashier_groups.xml",
        "security/ir.model.access.csv",
        "security/fuxi_cashier_security.xml",
        "data/ir_sequence_data.xml",
        "data/fuxi_cashier_payment_method_data.xml",
        "data/fuxi_cashier_price_rule_data.xml",
        "data/ir_cron_data.xml",
        "report/fuxi_cashier_reports.xml",
        "report/fuxi_cashier_bill_templates.xml",
        "report/fuxi_cashier_day_templates.xml",
        "views/fuxi_cashier_payment_method_views.xml",
        "views/fuxi_cashier_price_rule_views.xml",
        "views/fuxi_cashier_topup_rule_views.xml",
        "views/fuxi_cashier_bill_views.xml",
        "views/fuxi_cashier_topup_views.xml",
        "views/fuxi_cashier_settlement_views.xml",
        "views/fuxi_cashier_shift_views.xml",
        "views/fuxi_cashier_day_views.xml",
        "views/res_partner_views.xml",
        "views/fuxi_cashier_menus.xml",
    ],
    "demo": [
        "demo/fuxi_cashier_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "fuxi_cashier/static/src/**/*",
        ],
        "web.assets_unit_tests": [
            "fuxi_cashier/static/tests/helpers/*.js",
            "fuxi_cashier/static/tests/**/*.test.js",
        ],
        "web.assets_tests": [
            "fuxi_cashier/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
