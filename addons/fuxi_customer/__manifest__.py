{
    "name": "Fuxi Restaurant CRM: Customers",
    "summary": "Staff, rights, code settings and guest records for the Fuxi restaurant CRM",
    "description": """
系统设置 + 客户资料管理 — staff, rights and guests
==================================================

The foundation of the Fuxi restaurant CRM: the 伏羲餐饮CRM app, staff and their rights (one
ladder per area), code settings, and the guest records (classes, regions, tastes and taboos,
important dates, labels) that every other Fuxi addon reads.

The guide is README.md in this addon's folder.
""",
    "version": "18.0.2.1.0",
    "category": "Sales/CRM",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    "depends": [
        "base_setup",
        "mail",
        "contacts",
        "hr",
        "report_label",
        "partner_contact_birthdate",
        # res.partner's phone_mobile_search (normalised, trigram-indexed) comes with sms
        "sms",
    ],
    "data": [
        "security/fuxi_customer_groups.xml",
        "security/ir.model.access.csv",
        "security/fuxi_customer_security.xml",
        "data/ir_sequence_data.xml",
        "data/fuxi_customer_class_data.xml",
        "data/fuxi_taste_data.xml",
        "data/res_partner_data.xml",
        "data/res_users_data.xml",
        "data/ir_cron_data.xml",
        "report/fuxi_customer_templates.xml",
        "report/fuxi_customer_reports.xml",
        "views/fuxi_customer_class_views.xml",
        "views/fuxi_region_views.xml",
        "views/fuxi_taste_views.xml",
        "views/fuxi_partner_date_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/report_paperformat_label_views.xml",
        "wizard/fuxi_code_settings_views.xml",
        "wizard/fuxi_occasion_label_wizard_views.xml",
        "wizard/report_label_wizard_views.xml",
        "views/res_config_settings_views.xml",
        "views/fuxi_customer_menus.xml",
    ],
    "demo": [
        "demo/hr_demo.xml",
        "demo/res_partner_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "fuxi_customer/static/src/guest/*",
        ],
        "web.assets_unit_tests": [
            "fuxi_customer/static/tests/helpers/*.js",
            "fuxi_customer/static/tests/**/*.test.js",
        ],
        "web.assets_tests": [
            "fuxi_customer/static/tests/tours/*.js",
        ],
    },
    "application": False,
    "installable": True,
}
