import importlib.util
import json
from datetime import datetime
from pathlib import Path

from freezegun import freeze_time

from .common import ServiceCase


class TestRecipientsLanguage(ServiceCase):
    """What a person reads is built in that person's language and time zone, whoever (or
    whichever scheduled job, running in English and Brussels time) caused it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.chef.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        cls.chef_boss.write({"lang": "en_US", "tz": "Europe/Brussels"})
        cls.cron_env = cls.env(context=dict(cls.env.context, lang="en_US", tz="Europe/Brussels"))

    def _toasts(self, user):
        self.env.cr.precommit.run()
        mine = (["res.users", user.id], ["res.partner", user.partner_id.id])
        return [
            json.loads(note.message)["payload"]
            for note in self.env["bus.bus"].search([], order="id")
            if json.loads(note.channel)[1:] in mine
            and json.loads(note.message)["type"] == "simple_notification"
        ]

    def _messages_to(self, complaint, user):
        return complaint.message_ids.filtered(lambda m: user.partner_id in m.partner_ids)

    def test_automatic_urge_reaches_each_in_their_language_and_time(self):
        with freeze_time("2026-05-01 10:00:00"):
            # critical: due at 12:00 UTC = 20:00 in Shanghai = 14:00 in Brussels
            late = self._complaint(severity="critical", user_id=self.chef.id)
        self.env.cr.precommit.run()
        self.env["bus.bus"].search([]).unlink()
        with freeze_time("2026-05-01 12:30:00"):
            self.cron_env["fuxi.complaint"]._cron_urge_overdue()
        to_chef = self._messages_to(late, self.chef)
        self.assertEqual(len(to_chef), 1)
        self.assertIn("已超期", to_chef.body)
        self.assertIn("2026-05-01 20:00", to_chef.body)
        self.assertNotIn(self.chef_boss.partner_id, to_chef.partner_ids)
        to_boss = self._messages_to(late, self.chef_boss)
        self.assertIn("Overdue since 2026-05-01 14:00", to_boss.body)
        (toast,) = self._toasts(self.chef)
        self.assertEqual(toast["title"], "投诉催办")
        self.assertIn("2026-05-01 20:00", toast["message"])
        self.assertIn(late.name, toast["message"])
        (toast,) = self._toasts(self.chef_boss)
        self.assertEqual(toast["title"], "Complaint urged")

    def test_manual_urge_and_transfer_speak_the_recipients_language(self):
        complaint = self._complaint(
            user_id=self.waiter.id,
            responsible_department_id=self.hall.id,
            date=datetime(2026, 5, 1, 10, 0),
        )
        # the dispatcher works in English; the chef reads Chinese
        self.dispatcher.write({"lang": "en_US", "tz": "Europe/Brussels"})
        dispatcher_env = self.cron_env(user=self.dispatcher)
        complaint.with_env(dispatcher_env).action_transfer(
            self.kitchen.id, self.chef.id, "厨房出菜问题"
        )
        transfer = self._messages_to(complaint, self.chef)
        self.assertIn("移交给", transfer.body)
        activity = complaint.activity_ids.filtered(lambda a: a.user_id == self.chef)
        self.assertEqual(activity.summary, f"待处理投诉 {complaint.name}")
        # medium: due 2026-05-02 10:00 UTC, the same day in Shanghai (18:00)
        self.assertEqual(str(activity.date_deadline), "2026-05-02")
        # the dispatcher no longer sees it (the kitchen's now): the English-speaking lead urges
        self.lead.write({"lang": "en_US", "tz": "Europe/Brussels"})
        complaint.with_env(self.cron_env(user=self.lead)).action_urge("客人又来电")
        urge = self._messages_to(complaint, self.chef).filtered(lambda m: "客人又来电" in m.body)
        self.assertIn("催办投诉", urge.body)
        self.assertIn("2026-05-02 18:00", urge.body)


class TestChineseLabels(ServiceCase):
    """Labels a Chinese user reads: no dish or spiciness words on complaints, no odd rights."""

    def _labels(self, model, field):
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        return dict(env[model]._fields[field]._description_selection(env))

    def test_complaint_and_request_selections(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        states = self._labels("fuxi.complaint", "state")
        self.assertEqual(states["new"], "新投诉")
        severities = self._labels("fuxi.complaint", "severity")
        self.assertEqual(severities["medium"], "中等")
        self.assertEqual(severities["low"], "低")
        self.assertEqual(self._labels("fuxi.support.request", "state")["new"], "待答复")
        for label in [*states.values(), *severities.values()]:
            self.assertNotIn("菜", label)
            self.assertNotIn("辣", label)

    def test_rights_levels_read_as_rights(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        names = {
            xmlid: zh.ref(f"fuxi_service.{xmlid}").name
            for xmlid in (
                "group_fuxi_service_viewer",
                "group_fuxi_service_user",
                "group_fuxi_service_manager",
                "group_fuxi_transfer",
                "group_fuxi_urge",
            )
        }
        self.assertEqual(
            names,
            {
                "group_fuxi_service_viewer": "查看",
                "group_fuxi_service_user": "普通用户",
                "group_fuxi_service_manager": "管理员",
                "group_fuxi_transfer": "移交",
                "group_fuxi_urge": "催办",
            },
        )
        self.assertEqual(zh.ref("fuxi_service.module_category_fuxi_service").name, "伏羲：客户服务")

    def test_upgrade_takes_the_chinese_again(self):
        """A database upgraded from 18.0.1 kept 登录使用 / 新菜 / 中辣: the 18.0.2.0.0
        migration forgets them and the addon's zh_CN.po puts the right ones in."""
        self.env["res.lang"]._activate_lang("zh_CN")
        user_group = self.env.ref("fuxi_service.group_fuxi_service_user")
        user_group.with_context(lang="zh_CN").name = "登录使用"
        selection = self.env["ir.model.fields.selection"].search(
            [("field_id.model", "=", "fuxi.complaint"), ("field_id.name", "=", "state"),
             ("value", "=", "new")]
        )  # fmt: skip
        selection.with_context(lang="zh_CN").name = "新菜"
        self.env.flush_all()
        path = Path(__file__).parents[1] / "migrations" / "18.0.2.0.0" / "post-migration.py"
        spec = importlib.util.spec_from_file_location("fuxi_service_post_migration", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        module = self.env["ir.module.module"].search([("name", "=", "fuxi_service")])
        module._update_translations(filter_lang=["zh_CN"])
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        self.assertEqual(user_group.with_context(lang="zh_CN").name, "普通用户")
        self.assertEqual(self._labels("fuxi.complaint", "state")["new"], "新投诉")
