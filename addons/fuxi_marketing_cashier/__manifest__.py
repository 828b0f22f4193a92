{
    "name": "Fuxi: Greetings name the cashier's benefits",
    "summary": "Birthday greetings and letters name the birthday discount of the cashier",
    # glue between two addons that must not know each other: installed by itself when both are
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    "depends": ["fuxi_marketing", "fuxi_cashier"],
    "auto_install": True,
    "installable": True,
}
