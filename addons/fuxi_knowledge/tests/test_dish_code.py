import importlib.util
from pathlib import Path

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user

from odoo.addons.fuxi_knowledge import hooks

MIGRATIONS = Path(__file__).parents[1] / "migrations"


class TestDishCodeSettings(TransactionCase):
    """The dish code sequence, its part of Code Settings and its Settings preview are this
    addon's (they were fuxi_customer's before 18.0.2.0.0)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.kn_manager = new_test_user(
            cls.env, "kc_manager", groups="fuxi_knowledge.group_fuxi_knowledge_manager"
        )
        cls.kn_user = new_test_user(
            cls.env, "kc_user", groups="fuxi_knowledge.group_fuxi_knowledge_user"
        )
        cls.cust_manager = new_test_user(
            cls.env, "kc_cust_manager", groups="fuxi_customer.group_fuxi_customer_manager"
        )
        cls.sequence = cls.env.ref("fuxi_knowledge.sequence_dish_code")
        cls.sequence.write({"prefix": "KT", "padding": 4})
        cls.customer_sequence = cls.env.ref("fuxi_customer.sequence_customer_code")
        cls.customer_sequence.write({"prefix": "KC", "padding": 3})

    def setUp(self):
        super().setUp()
        # a PostgreSQL sequence is not rolled back with the test: set it in each test
        self.sequence.number_next_actual = 60

    def _dish(self, name):
        return self.env["product.template"].create({"name": name, "is_fuxi_dish": True})

    def _form_fields(self, user):
        arch = self.env["fuxi.code.settings"].with_user(user).get_views([(False, "form")])
        return arch["views"]["form"]["arch"]

    def test_sequence_is_this_addons(self):
        data = self.env["ir.model.data"].search(
            [("model", "=", "ir.sequence"), ("res_id", "=", self.sequence.id)]
        )
        self.assertEqual(data.mapped("module"), ["fuxi_knowledge"])
        self.assertEqual(self.sequence.code, "fuxi.dish.code")

    def test_dish_codes_by_knowledge_manager(self):
        settings = self.env["fuxi.code.settings"].with_user(self.kn_manager).create({})
        self.assertEqual(
            (settings.dish_prefix, settings.dish_padding, settings.dish_number_next),
            ("KT", 4, 60),
        )
        self.assertEqual(settings.dish_preview, "KT0060")
        settings.write({"dish_prefix": "CP", "dish_padding": 3, "dish_number_next": 7})
        self.assertEqual(settings.dish_preview, "CP007")
        settings.action_save()
        self.assertEqual(self._dish("叫花鸡").default_code, "CP007")
        # the customer codes are not this manager's: untouched, not even read
        self.assertFalse(settings.customer_prefix)
        self.assertEqual(self.customer_sequence.prefix, "KC")
        form = self._form_fields(self.kn_manager)
        self.assertIn('name="dish_prefix"', form)
        self.assertNotIn('name="customer_prefix"', form)

    def test_customer_manager_does_not_change_dish_codes(self):
        settings = self.env["fuxi.code.settings"].with_user(self.cust_manager).create({})
        self.assertFalse(settings.dish_prefix)
        settings.write({"dish_prefix": "XX", "customer_prefix": "KD"})
        settings.action_save()
        self.assertEqual(self.sequence.prefix, "KT")
        self.assertEqual(self.customer_sequence.prefix, "KD")
        self.assertNotIn('name="dish_prefix"', self._form_fields(self.cust_manager))

    def test_both_kinds_for_a_manager_of_both(self):
        self.kn_manager.groups_id = [
            (4, self.env.ref("fuxi_customer.group_fuxi_customer_manager").id)
        ]
        settings = self.env["fuxi.code.settings"].with_user(self.kn_manager).create({})
        self.assertEqual((settings.customer_prefix, settings.dish_prefix), ("KC", "KT"))
        form = self._form_fields(self.kn_manager)
        self.assertIn('name="dish_prefix"', form)
        self.assertIn('name="customer_prefix"', form)

    def test_dish_codes_refused_below_manager_and_bad_input(self):
        with self.assertRaisesRegex(AccessError, r"fuxi\.code\.settings"):
            self.env["fuxi.code.settings"].with_user(self.kn_user).create({})
        settings = self.env["fuxi.code.settings"].with_user(self.kn_manager).create({})
        with self.assertRaisesRegex(ValidationError, "between 1 and 12 digits"):
            settings.dish_padding = 0
        with self.assertRaisesRegex(ValidationError, "1 or more"):
            settings.write({"dish_padding": 4, "dish_number_next": 0})

    def test_menu_for_knowledge_managers(self):
        menus = self.env["ir.ui.menu"].with_user(self.kn_manager)._visible_menu_ids()
        self.assertIn(self.env.ref("fuxi_customer.fuxi_code_settings_menu").id, menus)
        self.assertIn(self.env.ref("fuxi_knowledge.fuxi_dish_category_menu").id, menus)
        menus = self.env["ir.ui.menu"].with_user(self.kn_user)._visible_menu_ids()
        self.assertNotIn(self.env.ref("fuxi_customer.fuxi_code_settings_menu").id, menus)

    def test_settings_page_previews_next_dish_code(self):
        """The Settings page, opened like the web client does, shows the next dish code."""
        settings = Form(self.env["res.config.settings"])
        self.assertEqual(settings.fuxi_dish_code_preview, "KT0060")
        self.assertEqual(self._dish("酱鸭").default_code, "KT0060")

    def _pretend_old_version(self):
        """The database as fuxi_customer 18.0.1 left it: the sequence under its XML id."""
        self.env.cr.execute(
            "UPDATE ir_model_data SET module = 'fuxi_customer'"
            " WHERE module = 'fuxi_knowledge' AND name = 'sequence_dish_code'"
        )
        self.env.registry.clear_cache()
        self.assertFalse(self.env.ref("fuxi_knowledge.sequence_dish_code", False))

    def test_pre_migration_keeps_the_sequence(self):
        self._pretend_old_version()
        spec = importlib.util.spec_from_file_location(
            "fuxi_knowledge_pre_18_0_2_0_0", MIGRATIONS / "18.0.2.0.0" / "pre-migration.py"
        )
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.env.registry.clear_cache()
        self.assertEqual(self.env.ref("fuxi_knowledge.sequence_dish_code"), self.sequence)
        self.assertFalse(self.env.ref("fuxi_customer.sequence_dish_code", False))
        self.assertEqual(self._dish("桂鱼").default_code, "KT0060", "numbering continues")

    def test_install_adopts_an_older_sequence(self):
        self._pretend_old_version()
        hooks.pre_init_hook(self.env)
        self.env.registry.clear_cache()
        self.assertEqual(self.env.ref("fuxi_knowledge.sequence_dish_code"), self.sequence)
