{
    "name": "Fuxi Restaurant CRM: Knowledge",
    "summary": "Dishes and drinks with codes, categories and kitchen stations, new-dish "
    "announcements, and the restaurant's standard document library",
    "description": """
业务知识管理 — dishes, new dishes, documents
============================================

The dishes and drinks (Odoo products with codes, categories and kitchen stations), new-dish
announcements shown to staff, and the restaurant's standard document library.

The guide is README.md in this addon's folder.
""",
    "version": "18.0.2.1.0",
    "category": "Sales/CRM",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    "depends": ["fuxi_customer", "product", "mail", "bus", "attachment_indexation"],
    "data": [
        "security/fuxi_knowledge_groups.xml",
        "security/ir.model.access.csv",
        "security/fuxi_knowledge_security.xml",
        "data/ir_sequence_data.xml",
        "data/fuxi_kitchen_station_data.xml",
        "data/fuxi_dish_category_data.xml",
        "data/fuxi_allergen_data.xml",
        "data/discuss_channel_data.xml",
        "data/ir_cron_data.xml",
        "views/fuxi_kitchen_station_views.xml",
        "views/fuxi_dish_category_views.xml",
        "views/fuxi_allergen_views.xml",
        "views/product_template_views.xml",
        "views/fuxi_document_views.xml",
        "wizard/fuxi_code_settings_views.xml",
        "views/res_config_settings_views.xml",
        "report/fuxi_menu_reports.xml",
        "report/fuxi_menu_templates.xml",
        "views/fuxi_knowledge_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/product_demo.xml",
        "demo/product_ordering_demo.xml",
        "demo/fuxi_document_demo.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "assets": {
        "web.assets_backend": [
            "fuxi_knowledge/static/src/guest_profile/*",
        ],
        "web.assets_unit_tests": [
            "fuxi_knowledge/static/tests/**/*.test.js",
        ],
    },
    "installable": True,
}
