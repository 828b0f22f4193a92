"""Upgrading a database made before the group move (manifests 18.0.1.0.0 → 18.0.2.0.0).

Commit a8bc231 moved each area's rights from fuxi_customer into the area's addon and renames
their XML ids in 18.0.2.0.0 migrations, so that users keep their rights. This builds a
database with the addons of the commit before (e578ecb, taken from git history), puts one
user in each old group, upgrades it with the addons of this checkout and checks that every
membership survived and that the XML ids now belong to the new addons: once with `-u` of
every Fuxi addon, once with `-u fuxi_customer` alone (what an administrator upgrading "the
customer addon" does).

Odoo runs in subprocesses, as in production, on databases of their own (no demo data); the
databases are dropped at the end. The subprocesses start with the test session, beside the
other tests (see UpgradeRun).
"""

import configparser
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parent.parent
BEFORE_GROUP_MOVE = "e578ecb"

# name → the addon that owns it after the move (module categories move with their groups)
NEW_OWNER = {
    "group_fuxi_customer_viewer": "fuxi_customer",
    "group_fuxi_customer_user": "fuxi_customer",
    "group_fuxi_customer_manager": "fuxi_customer",
    "group_fuxi_transfer": "fuxi_service",
    "group_fuxi_urge": "fuxi_service",
    "module_category_fuxi_customer": "fuxi_customer",
}
for _area in ("tracking", "service", "knowledge", "frontdesk"):
    for _name in ("viewer", "user", "manager"):
        NEW_OWNER[f"group_fuxi_{_area}_{_name}"] = f"fuxi_{_area}"
    NEW_OWNER[f"module_category_fuxi_{_area}"] = f"fuxi_{_area}"
OLD_GROUPS = sorted(name for name in NEW_OWNER if name.startswith("group_"))

CREATE_USERS = """
import json
users = {}
for name in %r:
    group = env.ref("fuxi_customer." + name)
    user = env["res.users"].with_context(no_reset_password=True).create({
        "name": "Upgrade " + name,
        "login": "upgrade_" + name,
        "groups_id": [(6, 0, [group.id])],
    })
    users[name] = user.id
env.cr.commit()
print("FUXI-USERS " + json.dumps(users))
"""


def _git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=False)


def _old_addons(target):
    """Extract addons/ as of the commit before the group move into target; their names."""
    if _git("cat-file", "-e", f"{BEFORE_GROUP_MOVE}^{{commit}}").returncode != 0:
        pytest.fail(
            f"commit {BEFORE_GROUP_MOVE} (the addons before the group move) is not in this "
            "clone's history: the upgrade test needs a full clone (git fetch --unshallow)"
        )
    archive = target / "old.tar"
    with archive.open("wb") as out:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "archive", BEFORE_GROUP_MOVE, "addons"],
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert done.returncode == 0, done.stderr.decode()
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return sorted(p.parent.name for p in (target / "addons").glob("*/__manifest__.py"))


def _write_conf(test_conf, path, addons_path, data_dir):
    """The test run's database settings; no load_language (see FACTS.md), quiet logs."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(test_conf)
    options = parser["options"]
    options.pop("load_language", None)
    options["addons_path"] = str(addons_path)
    options["data_dir"] = str(data_dir)
    options["max_cron_threads"] = "0"
    with open(path, "w", encoding="utf-8") as out:
        parser.write(out)
    return options


def _odoo(conf, db, *args, command=(), stdin=None, log=None):
    result = subprocess.run(
        [sys.executable, "-m", "odoo", *command, "-c", str(conf), "-d", db, *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=1200,
    )
    output = result.stdout + result.stderr
    if log:
        log.write_text(output, encoding="utf-8")
    errors = [line for line in output.splitlines() if " ERROR " in line or " CRITICAL " in line]
    assert result.returncode == 0 and not errors, (
        f"odoo {' '.join(args)} failed (exit {result.returncode}):\n"
        + "\n".join((errors or output.splitlines())[-30:])
    )
    return result.stdout


class Postgres:
    def __init__(self, options):
        self.params = {"dbname": "postgres"}
        for key in ("host", "port", "user", "password"):
            value = options.get(f"db_{key}")
            if value and value != "False":
                self.params[key] = value

    def admin(self, sql):
        conn = psycopg2.connect(**self.params)
        conn.autocommit = True
        try:
            with conn.cursor() as cr:
                cr.execute(sql)
        finally:
            conn.close()

    def query(self, db, sql, args=()):
        conn = psycopg2.connect(**{**self.params, "dbname": db})
        try:
            with conn.cursor() as cr:
                cr.execute(sql, args)
                return cr.fetchall()
        finally:
            conn.close()


class UpgradeRun:
    """The old database, its users and both upgrades, in a thread of the test session.

    They are Odoo subprocesses that mostly use one core, for about two minutes: conftest.py
    starts them when the session begins (if these tests were collected), so that they run
    beside the other tests instead of after them; the tests then wait for their outcome and
    check the databases. Started on first use when conftest.py did not (a single-file run).
    """

    UPDATES = ("all", "fuxi_customer")

    def __init__(self, test_conf):
        self.test_conf = test_conf
        self.tmp = Path(tempfile.mkdtemp(prefix="fuxi_upgrade_"))
        self.db = f"fuxi_upgrade_{os.getpid()}"
        self.made = []
        self.info = None
        self.error = None
        self.thread = threading.Thread(target=self._run, name="fuxi-upgrade-test", daemon=True)
        self.thread.start()

    def _run(self):
        try:
            self._build()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the waiting test
            self.error = exc

    def _build(self):
        tmp, db = self.tmp, self.db
        addons = _old_addons(tmp)
        old_conf, new_conf = tmp / "old.conf", tmp / "new.conf"
        options = _write_conf(self.test_conf, old_conf, tmp / "addons", tmp / "data")
        _write_conf(self.test_conf, new_conf, ROOT / "addons", tmp / "data")
        self.pg = pg = Postgres(options)
        self.made.append(db)
        started = time.perf_counter()
        _odoo(
            old_conf,
            db,
            "-i",
            ",".join(addons),
            "--without-demo=all",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
            log=tmp / "install.log",
        )
        out = _odoo(
            old_conf,
            db,
            "--no-http",
            "--log-level=warn",
            command=["shell"],
            stdin=CREATE_USERS % (OLD_GROUPS,),
        )
        users = json.loads(out.split("FUXI-USERS ", 1)[1].splitlines()[0])
        old_ids = dict(
            pg.query(
                db,
                "SELECT name, res_id FROM ir_model_data"
                " WHERE module = 'fuxi_customer' AND name = ANY(%s)",
                [list(NEW_OWNER)],
            )
        )
        timings = {"install": time.perf_counter() - started}
        copies = {update: self._copy(update) for update in self.UPDATES}
        upgrade_errors = {}
        for update, name in copies.items():
            started = time.perf_counter()
            try:
                _odoo(
                    new_conf,
                    name,
                    "-u",
                    ",".join(addons) if update == "all" else update,
                    "--stop-after-init",
                    "--no-http",
                    "--log-level=warn",
                    log=tmp / f"upgrade_{update}.log",
                )
            except AssertionError as exc:
                upgrade_errors[update] = exc
            timings[update] = time.perf_counter() - started
        self.info = {
            "addons": addons,
            "pg": pg,
            "users": users,
            "old_ids": old_ids,
            "dbs": copies,
            "upgrade_errors": upgrade_errors,
            "timings": timings,
        }

    def _copy(self, suffix):
        name = f"{self.db}_{suffix}"
        self.pg.admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.db}"')
        self.made.append(name)
        filestore = self.tmp / "data" / "filestore"
        if (filestore / self.db).is_dir():
            shutil.copytree(filestore / self.db, filestore / name)
        return name

    def result(self):
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.info

    def cleanup(self):
        self.thread.join()
        pg = getattr(self, "pg", None)
        for name in reversed(self.made if pg else ()):
            pg.admin(f'DROP DATABASE IF EXISTS "{name}"')
        self.made = []
        shutil.rmtree(self.tmp, ignore_errors=True)


_RUN = None


def start_upgrade_run(config):
    """Start the old database and its upgrades (once per session); the UpgradeRun."""
    global _RUN
    if _RUN is None:
        test_conf = config.getoption("odoo_config", None)
        if not test_conf:
            pytest.fail("run through `make test` (needs --odoo-config)")
        _RUN = UpgradeRun(test_conf)
    return _RUN


def cleanup_upgrade_run():
    global _RUN
    if _RUN is not None:
        _RUN.cleanup()
        _RUN = None


@pytest.fixture(scope="module")
def old_database(request):
    """A database of the addons before the group move, one user in each old group, upgraded."""
    run = start_upgrade_run(request.config)
    try:
        info = run.result()
        assert set(info["old_ids"]) == set(NEW_OWNER), "the old addons do not declare these names"
        print(f"\nold database installed in {info['timings']['install']:.0f} s")
        yield info
    finally:
        cleanup_upgrade_run()


@pytest.mark.parametrize("update", UpgradeRun.UPDATES)
def test_group_memberships_survive_the_upgrade(old_database, update):
    info = old_database
    db = info["dbs"][update]
    if update in info["upgrade_errors"]:
        raise info["upgrade_errors"][update]
    print(f"\n-u {update}: {info['timings'][update]:.0f} s")
    pg = info["pg"]

    versions = dict(
        pg.query(
            db,
            "SELECT name, latest_version FROM ir_module_module WHERE name = ANY(%s)",
            [info["addons"]],
        )
    )
    # at least the group move's version; fuxi_tracking has moved on since (18.0.3.0.0)
    assert all(
        tuple(int(n) for n in v.split(".")) >= (18, 0, 2, 0, 0) for v in versions.values()
    ), versions

    owners = {}
    for module, name, res_id in pg.query(
        db,
        "SELECT module, name, res_id FROM ir_model_data"
        " WHERE name = ANY(%s) AND module LIKE 'fuxi%%'",
        [list(NEW_OWNER)],
    ):
        owners.setdefault(name, []).append((module, res_id))
    for name, owner in NEW_OWNER.items():
        assert owners.get(name) == [(owner, info["old_ids"][name])], (
            f"{name}: expected only {owner}.{name} on the same record, found {owners.get(name)}"
        )

    members = set(pg.query(db, "SELECT gid, uid FROM res_groups_users_rel"))
    lost = [
        name for name, uid in info["users"].items() if (info["old_ids"][name], uid) not in members
    ]
    assert not lost, f"users lost their group in the upgrade: {lost}"
    duplicates = pg.query(
        db,
        "SELECT name->>'en_US', count(*) FROM res_groups GROUP BY 1, category_id"
        " HAVING count(*) > 1",
    )
    assert not duplicates, f"groups created twice: {duplicates}"
    # who changes guests moved from record rules on res.partner to Python (fuxi_customer's
    # 18.0.2.0.0 post-migration deletes the old noupdate rules)
    partner_rules = pg.query(
        db,
        "SELECT r.name FROM ir_rule r JOIN ir_model m ON m.id = r.model_id"
        " WHERE m.model = 'res.partner' AND r.domain_force LIKE %s",
        ["%is_fuxi_customer%"],
    )
    assert not partner_rules, f"old res.partner rules survived the upgrade: {partner_rules}"
