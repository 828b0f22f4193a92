{
    "name": "Fuxi: Greetings name the cashier's benefits",
    "summary": "Birthday greetings and letters name the birthday discount of the cashier",
    "description": """
Greetings name the cashier's birthday discount
==============================================

Glue between fuxi_marketing and fuxi_cashier, installed by itself when both are: birthday
greetings and letters name the guest's birthday-month discount, in the guest's language.
""",
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
