from unittest.mock import patch

from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common import GROUP_VIEWER, FuxiCustomerCase


class TestGuestSearch(FuxiCustomerCase):
    """res.partner.fuxi_search_guests: the one guest search of every station."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guests = cls.env["res.partner"]
        for n in range(12):
            cls.guests |= cls._customer(
                f"搜索测试客{n:02d}", ref=f"SRCH-{n:03d}", mobile=f"1770000{n:04d}"
            )
        cls.not_a_guest = cls.env["res.partner"].create(
            {"name": "搜索测试客供应商", "mobile": "17700009999"}
        )

    def _search(self, term, limit=8):
        return self.env["res.partner"].with_user(self.viewer).fuxi_search_guests(term, limit)

    def test_by_name_code_prefix_and_phone(self):
        by_name = self._search("搜索测试客03")
        self.assertEqual([r["code"] for r in by_name], ["SRCH-003"])
        self.assertEqual(
            set(by_name[0]), {"id", "name", "code", "phone", "customer_class", "is_vip"}
        )
        self.assertEqual([r["name"] for r in self._search("srch-011")], ["搜索测试客11"])
        self.assertFalse(self._search("RCH-011"), "the code matches from its start")
        self.assertEqual([r["code"] for r in self._search("17700000007")], ["SRCH-007"])
        self.assertNotIn(
            self.not_a_guest.id, [r["id"] for r in self._search("搜索测试客", 20)], "guests only"
        )

    def test_limit(self):
        self.assertEqual(len(self._search("搜索测试客")), 8, "8 by default")
        self.assertEqual(len(self._search("搜索测试客", 3)), 3)
        self.assertEqual(len(self._search("搜索测试客", 500)), 12, "at most 20")
        self.assertEqual(len(self._search("搜索测试客", 0)), 8)
        self.assertEqual(len(self._search("搜索测试客", "many")), 8)

    def test_bad_input_returns_nothing(self):
        for term in (None, "", "   ", 42, ["搜索"], {"name": "x"}, "搜" * 65):
            with self.subTest(term=term):
                self.assertEqual(self._search(term), [])


class TestGuestSearchKinds(FuxiCustomerCase):
    """Each kind of term a station types finds its guest, through an indexed path: phones
    normalised (with or without the separators people type), the code by its start, the
    name by a part of it, one or two Chinese characters by the name's start."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ouyang = cls._customer("欧阳娜娜", ref="KX-0571", phone="0571-83668136")
        cls.wang = cls._customer("王小明", ref="KX-0572", mobile="138 0013 8000")
        cls.lee = cls._customer("Lee Mei", ref="KX-0573", mobile="+86 139-0013-9000")
        cls.not_a_guest = cls.env["res.partner"].create(
            {"name": "欧阳供应商", "phone": "0571-83668136"}
        )

    def _found(self, term):
        return [
            r["id"] for r in self.env["res.partner"].with_user(self.viewer).fuxi_search_guests(term)
        ]

    def test_each_kind_of_term(self):
        Partner = self.env["res.partner"]
        cases = [
            ("057183668136", self.ouyang, "phone"),  # stored 0571-83668136
            ("0571-83668136", self.ouyang, "phone"),
            ("83668136", self.ouyang, "phone"),  # the end of it
            ("138-0013-8000", self.wang, "phone"),  # stored 138 0013 8000
            ("13800138000", self.wang, "phone"),
            ("+8613900139000", self.lee, "phone"),
            ("13900139000", self.lee, "phone"),
            ("kx-0572", self.wang, "text"),  # the code, from its start
            ("KX-0573", self.lee, "text"),
            ("娜娜", self.ouyang, "prefix"),  # two characters: not the start of the name
            ("欧", self.ouyang, "prefix"),
            ("欧阳", self.ouyang, "prefix"),
            ("王", self.wang, "prefix"),
            ("小明", self.wang, "prefix"),
            ("阳娜娜", self.ouyang, "text"),
            ("mei", self.lee, "text"),
        ]
        for term, guest, kind in cases:
            with self.subTest(term=term):
                self.assertEqual(Partner._fuxi_guest_search_kind(term), kind)
                found = self._found(term)
                if term in ("娜娜", "小明"):
                    self.assertNotIn(guest.id, found, "one or two characters: the name's start")
                else:
                    self.assertIn(guest.id, found)
                self.assertNotIn(self.not_a_guest.id, found, "guests only")
        self.assertFalse(self._found("0572"), "the code matches from its start")
        self.assertFalse(self._found("12"), "two digits: no phone search, no name")

    def test_indexes(self):
        self.env.cr.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'res_partner'")
        indexes = {name for (name,) in self.env.cr.fetchall()}
        expected = {
            "res_partner_fuxi_name_trgm_idx",
            "res_partner_fuxi_name_prefix_idx",
            "res_partner_fuxi_ref_prefix_idx",
            # phone_validation's, on the separators-free numbers
            "res_partner_mobile_partial_gin_idx",
            "res_partner_phone_partial_gin_idx",
        }
        self.assertEqual(expected - indexes, set())

    def test_short_prefix_is_literal(self):
        """LIKE wildcards typed by a person are searched as characters."""
        weird = self._customer("_奇怪")
        self.assertFalse(self._found("%"))
        found = self._found("_")
        self.assertIn(weird.id, found)
        self.assertNotIn(self.wang.id, found, "the underscore is not a wildcard")


class TestIntegerSettings(FuxiCustomerCase):
    """ir.config_parameter._fuxi_get_int: integer settings with a fallback."""

    KEY = "fuxi_customer.test_setting"

    def _get(self, default=30, minimum=None):
        return self.env["ir.config_parameter"]._fuxi_get_int(self.KEY, default, minimum=minimum)

    def test_unset_garbage_and_minimum(self):
        Params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(self._get(), 30, "unset: the default")
        Params.set_param(self.KEY, " 45 ")
        self.assertEqual(self._get(), 45)
        Params.set_param(self.KEY, "forty")
        with mute_logger("odoo.addons.fuxi_customer.models.ir_config_parameter"):
            self.assertEqual(self._get(), 30, "not a number: the default")
            Params.set_param(self.KEY, "4.5")
            self.assertEqual(self._get(), 30)
        Params.set_param(self.KEY, "-3")
        self.assertEqual(self._get(minimum=1), 1, "never below the minimum")
        self.assertEqual(self._get(), -3, "no minimum: as set")
        # a user without rights on settings still reads them through it
        self.assertEqual(
            self.env["ir.config_parameter"].with_user(self.viewer)._fuxi_get_int(self.KEY, 0), -3
        )


class TestBusSendPerLanguage(FuxiCustomerCase):
    """res.users._fuxi_bus_send builds each payload in the recipient's language."""

    def test_zh_cn_user_gets_the_chinese_label(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        chinese = new_test_user(
            self.env, "fx_bus_zh", groups=GROUP_VIEWER, lang="zh_CN", tz="Asia/Shanghai"
        )
        english = new_test_user(self.env, "fx_bus_en", groups=GROUP_VIEWER, lang="en_US")
        chinese_2 = new_test_user(self.env, "fx_bus_zh2", groups=GROUP_VIEWER, lang="zh_CN")
        built = []

        def build(env):
            built.append((env.lang, env.context.get("tz")))
            return {"label": env._("Birthday")}

        sent = []
        Users = self.registry["res.users"]
        with patch.object(
            Users, "_bus_send", autospec=True, side_effect=lambda u, t, p: sent.append((u, t, p))
        ):
            (chinese | english | chinese_2)._fuxi_bus_send("fuxi_test", build)
        by_user = {user: payload for user, _type, payload in sent}
        self.assertEqual(by_user[chinese], {"label": "生日"})
        self.assertEqual(by_user[english], {"label": "Birthday"})
        self.assertIn(("zh_CN", "Asia/Shanghai"), built)
        self.assertEqual(len(sent), 3)
        self.assertEqual({t for _u, t, _p in sent}, {"fuxi_test"})

    def test_nothing_sent_when_the_builder_returns_nothing(self):
        sent = []
        with patch.object(
            self.registry["res.users"],
            "_bus_send",
            autospec=True,
            side_effect=lambda u, t, p: sent.append(u),
        ):
            self.viewer._fuxi_bus_send("fuxi_test", lambda env: False)
        self.assertFalse(sent)


class TestGuestCensus(FuxiCustomerCase):
    """The search panel's counters by class and region come from fuxi.guest.census, kept by
    triggers: equal to Odoo's own counting after creates, changes, archiving, deletions."""

    def _panel(self, field, user, **context):
        Partner = self.env["res.partner"].with_user(user).with_context(**context)
        values = Partner.search_panel_select_range(
            field,
            search_domain=[("is_fuxi_customer", "=", True)],
            enable_counters=True,
            hierarchize=True,
            limit=200,  # as the web client asks
        )["values"]
        return sorted((v["id"], v.get("__count")) for v in values)

    def _check(self, step):
        # the census first, as the panel reads it: with the partners' writes not flushed yet
        for field in ("customer_class_id", "region_id"):
            for user in (self.viewer, self.manager):
                with self.subTest(step=step, field=field, user=user.login):
                    self.assertEqual(
                        self._panel(field, user),
                        self._panel(field, user, fuxi_census_off=True),
                    )
        self.env.cr.execute(
            "SELECT customer_class_id, region_id, company_id, partner_share, SUM(count)"
            " FROM fuxi_guest_census GROUP BY 1, 2, 3, 4 HAVING SUM(count) <> 0"
            " ORDER BY 1, 2, 3, 4"
        )
        census = self.env.cr.fetchall()
        self.env.cr.execute(
            "SELECT customer_class_id, region_id, company_id, partner_share, COUNT(*)"
            " FROM res_partner WHERE is_fuxi_customer AND active GROUP BY 1, 2, 3, 4"
            " ORDER BY 1, 2, 3, 4"
        )
        self.assertEqual(census, self.env.cr.fetchall(), step)

    def test_counters_follow_every_change(self):
        self.env["fuxi.guest.census"]._fuxi_refill()
        self._check("refilled")
        guests = self.env["res.partner"]
        for n in range(6):
            guests |= self._customer(
                f"统计客{n}",
                customer_class_id=(self.class_vip if n % 2 else self.class_regular).id,
                region_id=(self.region_a if n % 3 else self.region_b).id,
            )
        self._check("created")
        guests[0].region_id = self.region_a
        guests[1].customer_class_id = self.class_regular
        guests[2].active = False
        guests[3].is_fuxi_customer = False
        guests[4].unlink()
        other = self.env["res.company"].create({"name": "统计二店"})
        guests[5].company_id = other
        self._check("changed")
        guests[2].active = True
        self._check("unarchived")
        self.env["fuxi.guest.census"]._fuxi_compact()
        self._check("compacted")
        # what the census cannot answer (archived guests shown) is counted live
        Partner = self.env["res.partner"].with_user(self.viewer).with_context(active_test=False)
        with patch.object(type(self.env["fuxi.guest.census"]), "_read_group") as census:
            Partner.search_panel_select_range(
                "customer_class_id",
                search_domain=[("is_fuxi_customer", "=", True)],
                enable_counters=True,
            )
            census.assert_not_called()

    def test_unfiltered_panel_reads_the_census(self):
        Partner = self.env["res.partner"].with_user(self.viewer)
        Census = type(self.env["fuxi.guest.census"])
        for field in ("customer_class_id", "region_id"):
            with patch.object(Census, "_read_group", return_value=[]) as census:
                self._panel(field, self.viewer)
                census.assert_called_once()
        self.assertIsNotNone(
            Partner._fuxi_census_counts("customer_class_id", [("is_fuxi_customer", "=", True)])
        )
        self.assertIsNone(
            Partner._fuxi_census_counts("customer_class_id", [("name", "ilike", "统计")])
        )
