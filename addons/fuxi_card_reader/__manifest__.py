{
    "name": "Fuxi Restaurant CRM: Card Reader",
    "summary": "Membership cards, PC/SC card-reader proxy, caller ID: swipe and see the guest",
    "version": "18.0.2.1.0",
    "category": "Sales/CRM",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    "depends": ["fuxi_tracking", "bus", "barcodes"],
    "external_dependencies": {"python": []},
    "data": [
        "security/ir.model.access.csv",
        "security/fuxi_card_reader_security.xml",
        "wizard/fuxi_card_wizards_views.xml",
        "views/fuxi_card_views.xml",
        "views/fuxi_card_reader_views.xml",
        "views/fuxi_card_swipe_views.xml",
        "views/res_partner_views.xml",
        "views/fuxi_card_reader_menus.xml",
    ],
    "demo": ["demo/fuxi_card_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "fuxi_card_reader/static/src/**/*",
        ],
        "web.assets_unit_tests": [
            "fuxi_card_reader/static/tests/**/*.test.js",
        ],
        "web.assets_tests": [
            "fuxi_card_reader/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
