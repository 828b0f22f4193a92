"""Reports on a read replica (issue 16), with a real PostgreSQL streaming replica.

The test makes a second private cluster a hot-standby streaming replica of the test cluster
(`pg_basebackup -R` over the socket scripts/fuxi starts it on, with wal_level=replica),
starts a real Odoo process with `--db_replica_host/--db_replica_port` on it and shows, over
the JSON-RPC calls the browser makes:

- a statistic (`@api.readonly` verb) is read from the replica — with replay paused on the
  replica, a visit just written is on the primary but not in the statistic; it appears once
  replay resumes — while writes go to the primary (and XML-RPC, which Odoo always runs on
  the primary, sees the visit at once);
- the Word export of a statistic saved a moment ago, which the paused replica does not have
  yet, is read from the primary instead of answering "not found";
- with the replica down, Odoo falls back to the primary: reports keep working (up to date),
  and the worker keeps reading the primary for 20 minutes (Odoo's _REPLICA_RETRY_TIME)
  even once the replica is back.

The report verbs marked readonly are also run, in-process, in a read-only transaction (as
the replica gives them): none may write.

pg_basebackup copies the whole cluster: a test cluster over FUXI_REPLICA_TEST_MAX_CLUSTER_MB
(2 GB; e.g. a development cluster that also holds the bench databases) is not cloned; the
test then makes a small private primary with a copy of the test database (pg_dump |
pg_restore) and clones that one. Skipped only where the machine has no PostgreSQL server
binaries of the test cluster's version (pg_basebackup, pg_ctl).
"""

import configparser
import http.cookiejar
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xmlrpc.client
from pathlib import Path

import psycopg2
import pytest

import odoo
from odoo.modules.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from live_odoo import free_port  # noqa: E402

# a day with no other visit: the statistic of that day is the test's own visit only
DAY = "2003-03-03"
VISIT_TIME = f"{DAY} 04:00:00"  # UTC: the same local day in UTC and Asia/Shanghai
QUANTITY = 7.0
# pg_basebackup copies a whole cluster: above this size (e.g. a development cluster that also
# holds the 5 M-line bench databases) the test clones a small copy of the test database instead
MAX_CLUSTER_MB = int(os.environ.get("FUXI_REPLICA_TEST_MAX_CLUSTER_MB", "2048"))
FALLBACK_LOG = "Failed to open a readonly cursor, falling back to read-write cursor"
EXPORT_FALLBACK_LOG = "is not on the read replica (yet): reading the primary"


# ---------------------------------------------------------------- PostgreSQL helpers
def _as_postgres(command):
    """PostgreSQL refuses to run as root: scripts/fuxi runs its cluster as `postgres`."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _run(command, timeout=120):
    done = subprocess.run(
        _as_postgres(command), capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode:
        pytest.fail(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def _bindir(major):
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin")]
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(Path(out.stdout.strip()))
    for candidate in candidates:
        if (candidate / "pg_basebackup").is_file() and (candidate / "pg_ctl").is_file():
            version = subprocess.run(
                [str(candidate / "pg_ctl"), "--version"], capture_output=True, text=True
            ).stdout
            if f" {major}." in version:
                return candidate
    return None


def _connect(params, dbname):
    connection = psycopg2.connect(dbname=dbname, **params)
    connection.autocommit = True
    return connection


def _query(params, dbname, sql, args=()):
    # not `with connection`: psycopg2 opens a transaction block there, even in autocommit
    connection = _connect(params, dbname)
    try:
        with connection.cursor() as cr:
            cr.execute(sql, args)
            return cr.fetchall() if cr.description else None
    finally:
        connection.close()


def _wait(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(message)


def _small_primary(bindir, base, primary, db, processes):
    """A private primary holding only a copy of the test database (pg_dump | pg_restore), as
    scripts/fuxi makes its cluster. Returns its connection parameters."""
    data, run = base / "primary", base / "primary-run"
    params = {**primary, "host": str(run), "port": primary["port"] + 2}
    _run(
        [
            str(bindir / "initdb"),
            f"--pgdata={data}",
            f"--username={primary['user']}",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ]
    )
    _run(["mkdir", "-p", str(run)])
    pg_ctl = [str(bindir / "pg_ctl"), f"--pgdata={data}"]
    _run(
        [
            *pg_ctl,
            f"--log={base / 'primary.log'}",
            "--wait",
            "--timeout=60",
            f"--options=-k {run} -p {params['port']} -c listen_addresses='' -c fsync=off"
            " -c wal_level=replica -c max_wal_senders=10",
            "start",
        ]
    )
    processes["small primary"] = pg_ctl
    _query(params, "postgres", f'CREATE DATABASE "{db}" TEMPLATE template0')
    env = {**os.environ, "PGPASSWORD": primary.get("password", "")}
    source = [f"--host={primary['host']}", f"--port={primary['port']}"]
    target = [f"--host={run}", f"--port={params['port']}"]
    user = f"--username={primary['user']}"
    dump = subprocess.Popen(
        [str(bindir / "pg_dump"), *source, user, "--format=custom", "--compress=0", db],
        stdout=subprocess.PIPE,
        env=env,
    )
    restore = subprocess.run(
        [str(bindir / "pg_restore"), *target, user, "--no-owner", f"--dbname={db}"],
        stdin=dump.stdout,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    dump.stdout.close()
    assert dump.wait() == 0, "pg_dump of the test database failed"
    assert restore.returncode == 0, restore.stderr[-3000:]
    return params


# ---------------------------------------------------------------- a browser
class Browser:
    """One logged-in browser: JSON-RPC calls and plain GETs with its session cookie."""

    def __init__(self, base_url, db, login, password):
        self.base_url = base_url
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self._post("/web/session/authenticate", {"db": db, "login": login, "password": password})

    def _post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(
            self.base_url + path, body, {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=120) as answer:
            data = json.loads(answer.read())
        if data.get("error"):
            raise AssertionError(data["error"].get("data", {}).get("message") or data["error"])
        return data["result"]

    def call(self, model, method, *args, **kwargs):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def get(self, path):
        """(status, content type, body)"""
        try:
            with self.opener.open(self.base_url + path, timeout=60) as answer:
                return answer.status, answer.headers.get("Content-Type", ""), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), error.read()


# ---------------------------------------------------------------- the set-up
class Setup:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)

    def log(self):
        return Path(self.odoo_log).read_text(encoding="utf-8", errors="replace")

    def on_primary(self, sql, args=()):
        return _query(self.primary, self.db, sql, args)

    def on_replica(self, sql, args=()):
        return _query(self.replica, self.db, sql, args)

    def pause_replay(self):
        # Once requested, the startup process checks the request before each WAL record it
        # replays: nothing written from now on is applied ("paused" comes only with the next
        # record, which may take a while on an idle primary).
        self.on_replica("SELECT pg_wal_replay_pause()")
        state = self.on_replica("SELECT pg_get_wal_replay_pause_state()")[0][0]
        assert state in ("pause requested", "paused"), state

    def resume_replay(self):
        self.on_replica("SELECT pg_wal_replay_resume()")

    def wait_replayed(self, table, record_id, present=True):
        def seen():
            rows = self.on_replica(f"SELECT 1 FROM {table} WHERE id = %s", (record_id,))  # noqa: S608
            return bool(rows) == present

        _wait(seen, 15, f"the replica never replayed {table} {record_id}")

    def odoo_on_replica(self):
        """Odoo's own connections to the replica (application_name odoo-<pid>)."""
        rows = self.on_replica(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            (f"odoo-{self.server.pid}",),
        )
        return rows[0][0]

    def visit(self, browser):
        """A guest's visit on DAY: QUANTITY portions of one dish (written through Odoo; a
        registered guest, so that the customer rankings count it too)."""
        return browser.call(
            "fuxi.consumption",
            "create",
            {
                "date": VISIT_TIME,
                "partner_id": self.customer_id,
                "line_ids": [(0, 0, {"product_id": self.dish_id, "quantity": QUANTITY})],
            },
        )

    def statistic(self, browser):
        return browser.call("fuxi.statistic", "get_statistic", "dish_quantity", DAY, DAY)


@pytest.fixture(scope="module")
def replica(request):
    config_path = request.config.getoption("odoo_config")
    db = request.config.getoption("odoo_database")
    if not config_path or not db:
        pytest.fail("run through `make test` (needs --odoo-config and --odoo-database)")
    parser = configparser.RawConfigParser()
    parser.read(config_path)
    options = parser["options"]
    primary = {
        "host": options.get("db_host"),
        "port": int(options.get("db_port")),
        "user": options.get("db_user"),
    }
    if options.get("db_password", "False") not in ("", "False"):
        primary["password"] = options["db_password"]

    major, wal_level, cluster_mb = _query(
        primary,
        "postgres",
        "SELECT current_setting('server_version_num')::int / 10000, current_setting('wal_level'),"
        " (SELECT sum(pg_database_size(datname)) / 1048576 FROM pg_database)::int",
    )[0]
    bindir = _bindir(major)
    if bindir is None:
        pytest.skip(f"no PostgreSQL {major} server binaries (pg_basebackup, pg_ctl) here")
    assert cluster_mb > MAX_CLUSTER_MB or wal_level in ("replica", "logical"), (
        f"the test cluster runs with wal_level={wal_level}: scripts/fuxi starts it with "
        "wal_level=replica, an external PostgreSQL needs it too"
    )
    dish_id = _query(
        primary,
        db,
        "SELECT p.id FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id"
        " WHERE t.is_fuxi_dish AND p.active AND t.active ORDER BY p.id LIMIT 1",
    )[0][0]

    base = Path(tempfile.mkdtemp(prefix="fuxi-replica-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    data, run = base / "data", base / "run"
    pg_ctl = [str(bindir / "pg_ctl"), f"--pgdata={data}"]
    replica_port = primary["port"] + 1
    processes = {}
    started = time.monotonic()
    timings = {}
    try:
        copied = cluster_mb > MAX_CLUSTER_MB
        if copied:
            primary = _small_primary(bindir, base, primary, db, processes)
            timings["copy of the test database"] = time.monotonic() - started
        # Odoo first: it loads its registry (the slow part) while the replica is made; it
        # opens no read-only cursor before the first read-only request
        http_port = free_port()
        odoo_log = base / "odoo.log"
        # the test configuration without load_language, which would install the language
        # again at start (writing on the primary for many seconds)
        odoo_conf = base / "odoo.conf"
        # (and on the copy's primary when the test cluster is too big to clone)
        dropped = ("load_language", "db_host", "db_port") if copied else ("load_language",)
        odoo_conf.write_text(
            "".join(
                line
                for line in Path(config_path).read_text().splitlines(keepends=True)
                if not line.startswith(dropped)
            )
            + (f"db_host = {primary['host']}\ndb_port = {primary['port']}\n" if copied else "")
        )
        with open(odoo_log, "w") as log:
            server = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("odoo")),
                    "-c",
                    str(odoo_conf),
                    "-d",
                    db,
                    f"--http-port={http_port}",
                    f"--gevent-port={free_port()}",
                    "--workers=0",
                    "--max-cron-threads=0",
                    f"--db-filter=^{db}$",
                    "--log-level=warn",
                    f"--db_replica_host={run}",
                    f"--db_replica_port={replica_port}",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        processes["odoo"] = server
        base_url = f"http://127.0.0.1:{http_port}"

        _run(
            [
                str(bindir / "pg_basebackup"),
                f"--pgdata={data}",
                "--write-recovery-conf",
                "--wal-method=stream",
                "--checkpoint=fast",
                "--no-sync",
                f"--host={primary['host']}",
                f"--port={primary['port']}",
                f"--username={primary['user']}",
            ]
        )
        timings["pg_basebackup"] = time.monotonic() - started
        _run(["mkdir", "-p", str(run)])
        options_line = (
            f"-k {run} -p {replica_port} -c listen_addresses='' -c fsync=off"
            " -c hot_standby=on -c max_standby_streaming_delay=5s"
        )
        _run(
            [
                *pg_ctl,
                f"--log={base / 'replica.log'}",
                "--wait",
                "--timeout=60",
                f"--options={options_line}",
                "start",
            ]
        )
        processes["replica"] = pg_ctl
        replica_params = {**primary, "host": str(run), "port": replica_port}
        assert _query(replica_params, db, "SELECT pg_is_in_recovery()")[0][0], (
            "the second cluster is not a standby"
        )
        timings["replica started"] = time.monotonic() - started

        def listens():
            if server.poll() is not None:
                pytest.fail(f"Odoo stopped at start:\n{odoo_log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base_url}/web/health", timeout=2):
                    return True
            except OSError:
                return False

        _wait(listens, 90, "Odoo did not answer")
        # the login waits for the registry
        browser = Browser(base_url, db, "admin", "admin")
        timings["Odoo ready"] = time.monotonic() - started
        setup = Setup(
            db=db,
            base_url=base_url,
            browser=browser,
            primary=primary,
            replica=replica_params,
            server=server,
            odoo_log=str(odoo_log),
            dish_id=dish_id,
            customer_id=_query(
                primary, db, "SELECT id FROM res_partner WHERE is_fuxi_customer ORDER BY id LIMIT 1"
            )[0][0],
            pg_ctl=pg_ctl,
            replica_options=options_line,
            replica_log=str(base / "replica.log"),
            created=[],
        )
        print("read replica set-up (s):", {k: round(v, 1) for k, v in timings.items()})
        yield setup
        # what the tests wrote, through the ORM (which keeps everything derived from visits)
        if setup.created and not copied:
            with Registry(db).cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                env["fuxi.consumption"].browse(setup.created).exists().unlink()
    finally:
        server = processes.get("odoo")
        if server:
            # a throwaway server holding nothing: no need for its graceful stop (~4 s)
            server.kill()
            server.wait(20)
        for cluster in ("replica", "small primary"):
            if processes.get(cluster):
                subprocess.run(
                    _as_postgres([*processes[cluster], "-m", "immediate", "stop"]),
                    capture_output=True,
                    check=False,
                )
        shutil.rmtree(base, ignore_errors=True)


# ---------------------------------------------------------------- the tests
def test_statistic_is_read_from_the_replica_and_writes_go_to_the_primary(replica):
    browser = replica.browser
    assert replica.statistic(browser)["row_count"] == 0, f"{DAY} must have no visit yet"
    assert replica.odoo_on_replica() > 0, "Odoo never connected to the replica"

    replica.pause_replay()
    try:
        visit_id = replica.visit(browser)
        replica.created.append(visit_id)
        # the write went to the primary; the paused replica has not replayed it
        assert replica.on_primary("SELECT 1 FROM fuxi_consumption WHERE id = %s", (visit_id,))
        assert not replica.on_replica("SELECT 1 FROM fuxi_consumption WHERE id = %s", (visit_id,))
        # the statistic answers from the replica: the visit is not in it yet
        stale = replica.statistic(browser)
        assert stale["row_count"] == 0, f"the statistic was not read from the replica: {stale}"
        ranking = browser.call("fuxi.ranking", "get_ranking", "customer_spend", DAY, DAY)
        assert ranking["count"] == 0, f"the ranking was not read from the replica: {ranking}"
        # XML-RPC clients (odoo/service/model.py execute) always get a cursor of the primary
        common = xmlrpc.client.ServerProxy(f"{replica.base_url}/xmlrpc/2/common")
        uid = common.authenticate(replica.db, "admin", "admin", {})
        objects = xmlrpc.client.ServerProxy(f"{replica.base_url}/xmlrpc/2/object")
        primary = objects.execute_kw(
            replica.db, uid, "admin", "fuxi.statistic", "get_statistic", ["dish_quantity", DAY, DAY]
        )
        assert primary["row_count"] == 1, primary
    finally:
        replica.resume_replay()
    replica.wait_replayed("fuxi_consumption", visit_id)
    fresh = replica.statistic(browser)
    assert fresh["row_count"] == 1, fresh
    assert fresh["rows"][0]["product_id"] == replica.dish_id
    assert fresh["rows"][0]["quantity"] == QUANTITY
    ranking = browser.call("fuxi.ranking", "get_ranking", "customer_spend", DAY, DAY)
    assert ranking["count"] == 1, ranking
    assert ranking["rows"][0]["partner_id"] == replica.customer_id
    assert FALLBACK_LOG not in replica.log()


def test_word_export_of_a_statistic_the_replica_lacks_is_read_from_the_primary(replica):
    browser = replica.browser
    replica.pause_replay()
    try:
        statistic_id = browser.call(
            "fuxi.statistic",
            "create",
            {"statistic": "dish_quantity", "period": "custom", "date_from": DAY, "date_to": DAY},
        )
        assert not replica.on_replica("SELECT 1 FROM fuxi_statistic WHERE id = %s", (statistic_id,))
        status, content_type, body = browser.get(
            f"/fuxi_analytics/docx/fuxi.statistic/{statistic_id}"
        )
    finally:
        replica.resume_replay()
    assert status == 200, body[:500]
    assert content_type.startswith("application/vnd.openxmlformats"), content_type
    assert body[:2] == b"PK", "not a .docx"
    assert EXPORT_FALLBACK_LOG in replica.log()


def test_with_the_replica_down_reports_are_read_from_the_primary(replica):
    """Odoo's registry.cursor(readonly=True): a replica it cannot connect to is left for
    20 minutes (per worker), reads go to the primary meanwhile; no request fails."""
    browser = replica.browser
    before = replica.statistic(browser)
    _run([*replica.pg_ctl, "-m", "fast", "stop"])
    visit_id = replica.visit(browser)
    replica.created.append(visit_id)
    answer = replica.statistic(browser)
    # up to date: read from the primary, with the visit written just now
    quantity = sum(row["quantity"] for row in answer["rows"])
    assert quantity == sum(row["quantity"] for row in before["rows"]) + QUANTITY, answer
    assert FALLBACK_LOG in replica.log()

    # the replica comes back: this worker keeps reading the primary (retry after 20 min)
    _run(
        [
            *replica.pg_ctl,
            f"--log={replica.replica_log}",
            "--wait",
            "--timeout=60",
            f"--options={replica.replica_options}",
            "start",
        ]
    )
    replica.pause_replay()
    try:
        visit_id = replica.visit(browser)
        replica.created.append(visit_id)
        again = replica.statistic(browser)
        assert sum(row["quantity"] for row in again["rows"]) == quantity + QUANTITY, again
        assert replica.odoo_on_replica() == 0
    finally:
        replica.resume_replay()


# ---------------------------------------------------------------- the verbs marked readonly
READONLY_VERBS = [
    ("fuxi.statistic", "get_statistic", ("customer_quantity", DAY, DAY), {"limit": 10}),
    ("fuxi.statistic", "get_statistic", ("dish_customers", DAY, DAY), {}),
    ("fuxi.statistic", "get_statistic", ("dish_quantity", DAY, DAY), {"product_kind": "dish"}),
    ("fuxi.statistic", "get_statistic", ("region_city", DAY, DAY), {}),
    ("fuxi.statistic", "get_statistic", ("region_province", DAY, DAY), {}),
    ("fuxi.analytics.dashboard", "get_dashboard", ("week",), {}),
    ("fuxi.analytics.dashboard", "get_dashboard", ("month",), {}),
    ("fuxi.sales.forecast", "get_forecast", (), {}),
    ("fuxi.ranking", "get_ranking", ("customer_spend", DAY, DAY), {}),
    ("fuxi.ranking", "get_ranking", ("customer_spend", "2025-01-01", "2025-12-31"), {}),
]


def _rpc_readonly(model_class, method):
    """What /web/dataset/call_kw decides (web's DataSet._call_kw_readonly)."""
    for cls in model_class.mro():
        found = getattr(cls, method, None)
        if found is not None and hasattr(found, "_readonly"):
            return found._readonly
    return False


@pytest.mark.parametrize(
    ("model", "method", "args", "kwargs"),
    READONLY_VERBS,
    ids=[f"{v[1]}:{v[2][0] if v[2] else ''}" for v in READONLY_VERBS],
)
def test_report_verbs_are_readonly_and_never_write(request, model, method, args, kwargs):
    """Marked @api.readonly (sent to the replica), and they run in a read-only transaction
    as the replica gives them: a write would fail there (ReadOnlySqlTransaction)."""
    registry = Registry(request.config.getoption("odoo_database"))
    assert _rpc_readonly(registry[model], method), f"{model}.{method} is not @api.readonly"
    with registry.cursor() as cr:
        cr.execute("SET TRANSACTION READ ONLY")
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        user_env = env(user=admin, context={"lang": admin.lang, "tz": admin.tz})
        result = getattr(user_env[model], method)(*args, **kwargs)
        assert isinstance(result, dict)
        cr.rollback()
