{
    "name": "Fuxi Restaurant CRM: Customer Service",
    "summary": "Complaints with transfer and urge, customer support, the standard Q&A library",
    "description": """
客户服务管理 — complaints, support, Q&A
=======================================

Complaints with their category, object, department and person responsible, transfer (移交)
and urge (催办) with a log; customer support questions and answers; the standard Q&A library
any staff member can answer from.

The guide is README.md in this addon's folder.
""",
    "version": "18.0.2.0.0",
    "category": "Sales/CRM",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    "depends": ["fuxi_tracking", "hr", "mail"],
    "data": [
        "security/fuxi_service_groups.xml",
        "security/ir.model.access.csv",
        "security/fuxi_service_security.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/fuxi_complaint_category_data.xml",
        "data/ir_cron_data.xml",
        "wizard/fuxi_complaint_transfer_wizard_views.xml",
        "wizard/fuxi_complaint_urge_wizard_views.xml",
        "views/fuxi_complaint_views.xml",
        "views/fuxi_complaint_category_views.xml",
        "views/fuxi_qa_views.xml",
        "views/fuxi_support_request_views.xml",
        "views/fuxi_complaint_dish_rate_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/fuxi_service_menus.xml",
        "report/fuxi_complaint_reports.xml",
        "report/fuxi_complaint_templates.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/fuxi_qa_demo.xml",
        "demo/fuxi_complaint_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "fuxi_service/static/src/**/*",
        ],
        "web.assets_unit_tests": [
            "fuxi_service/static/tests/**/*.test.js",
        ],
        "web.assets_tests": [
            "fuxi_service/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
