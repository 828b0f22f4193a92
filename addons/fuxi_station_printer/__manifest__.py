{
    "name": "Fuxi Restaurant CRM: Station Printers",
    "summary": "Kitchen ticket printers (厨打), pre-bills and receipts on ESC/POS printers, "
    "printed once each by the station bridge",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    "depends": ["fuxi_frontdesk", "fuxi_card_reader"],
    "data": [
        "security/ir.model.access.csv",
        "security/fuxi_station_printer_security.xml",
        "views/fuxi_station_printer_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "fuxi_station_printer/static/src/**/*",
        ],
        "web.assets_tests": [
            "fuxi_station_printer/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
