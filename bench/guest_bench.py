"""Benchmark of the guest screens at restaurant-chain scale (issue 16), through the JSON-RPC
calls the browser makes, against a real Odoo server, warm, medians:

* the busiest guest's form (the form view's own field specification, as the web client
  builds it) next to a typical guest's: time and answer size (target ≤ 60 ms);
* the guest profile a swipe or the front desk shows, busiest vs typical (target ≤ 35 ms);
* the guest search of the stations for every kind of term: full mobile, mobile typed with
  dashes, the end of a number, customer code, code prefix, name, one and two Chinese
  characters (target ≤ 15 ms each);
* the customer kanban as it opens (records + the search panel's two counters) next to Odoo
  Contacts' kanban on the same partners (target ≤ 1.3× Contacts).

The bench guests of `make bench` are "BENCH 客人 N" without a phone: the first run gives them
Chinese names (common surnames, skewed as they are in China) and mobile numbers written as
people write them (13800138000, 138-0013-8000, 138 0013 8000; a landline 0571-8xxxxxxx for
every fifth), once, so that each kind of search meets realistic data.

With --blocks, the profile is also taken apart in-process (no HTTP): for each addon that
extends `_fuxi_guest_profile`, its own time (median, without the blocks it calls) and its own
queries; --cprofile FILE writes a cProfile of the busiest guest's profile calls. --only
profile skips the form, search and kanban measures.

Usage (see `scripts/fuxi bench-guest`):
    python bench/guest_bench.py -c ODOO_CONF -d DB [--runs 15] [--port 8299]
        [--only profile] [--blocks] [--cprofile FILE]
"""

import argparse
import cProfile
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from lxml import etree

import odoo
from odoo.modules.registry import Registry

sys.path.insert(0, str(Path(__file__).resolve().parent))

import live_odoo as live

# the most frequent surnames first, repeated roughly by their share of the population
SURNAMES = "王王王王王李李李李李张张张张刘刘刘陈陈陈杨杨黄黄赵赵吴周徐孙马朱胡郭何高林罗郑梁"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲芬燕"


def ensure_guest_data(env):
    """Chinese names and phone numbers for the bench guests (once, one UPDATE)."""
    cr = env.cr
    cr.execute(
        "SELECT COUNT(*) FROM res_partner WHERE is_fuxi_customer AND name LIKE %s",
        ["BENCH 客人%"],
    )
    if not cr.fetchone()[0]:
        return
    print("giving the bench guests Chinese names and phone numbers (once)")
    cr.execute(
        """
        UPDATE res_partner
           SET name = s.name, complete_name = s.name,
               mobile = CASE id %% 3
                   WHEN 0 THEN s.mobile
                   WHEN 1 THEN substr(s.mobile, 1, 3) || '-' || substr(s.mobile, 4, 4) || '-'
                               || substr(s.mobile, 8)
                   ELSE substr(s.mobile, 1, 3) || ' ' || substr(s.mobile, 4, 4) || ' '
                        || substr(s.mobile, 8) END,
               phone = CASE WHEN id %% 5 = 0 THEN '0571-8' || s.landline END
          FROM (SELECT id AS sid,
                       substr(%(surnames)s, 1 + (h1 %% length(%(surnames)s))::int, 1)
                       || substr(%(given)s, 1 + (h2 %% length(%(given)s))::int, 1)
                       || CASE WHEN id %% 2 = 0
                               THEN substr(%(given)s, 1 + (h3 %% length(%(given)s))::int, 1)
                               ELSE '' END AS name,
                       '13' || lpad((h4 %% 1000000000)::text, 9, '0') AS mobile,
                       lpad((h5 %% 10000000)::text, 7, '0') AS landline
                  FROM (SELECT id, id::bigint * 7919 AS h1, id::bigint * 104729 AS h2,
                               id::bigint * 1299709 AS h3, id::bigint * 48271 AS h4,
                               id::bigint * 7127 AS h5
                          FROM res_partner
                         WHERE is_fuxi_customer AND name LIKE 'BENCH 客人%%') p) s
         WHERE id = s.sid
        """,
        {"surnames": SURNAMES, "given": GIVEN},
    )
    cr.execute("ANALYZE res_partner")


def settle_guests(registry):
    """VACUUM ANALYZE the guests before timing: the other benches' preparations rewrite every
    guest in one UPDATE (names, numbers, consent), which leaves a dead version of each row
    and fills the GIN indexes' pending lists (fastupdate) until autovacuum comes by — every
    search then reads them. The measure is of a database in its steady state, as a
    restaurant's is (autovacuum keeps it so)."""
    with registry.cursor() as cr:
        cr.commit()
        cr._cnx.autocommit = True  # VACUUM cannot run inside a transaction
        try:
            cr.execute("VACUUM (ANALYZE) res_partner")
        finally:
            cr._cnx.autocommit = False


def prepare(env):
    tag = uuid.uuid4().hex[:6]
    groups = (
        env.ref("base.group_user")
        | env.ref("fuxi_customer.group_fuxi_customer_user")
        | env.ref("fuxi_tracking.group_fuxi_tracking_viewer")
    )
    user = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": f"压测前台 {tag}",
                "login": f"guest_bench_{tag}",
                "password": live.PASSWORD,
                "lang": "zh_CN",
                "tz": "Asia/Shanghai",
                "groups_id": [(6, 0, groups.ids)],
            }
        )
    )
    cr = env.cr
    cr.execute(
        """SELECT partner_id, SUM(visit_count) FROM fuxi_guest_stat
            GROUP BY partner_id ORDER BY 2 DESC LIMIT 1"""
    )
    busiest, busiest_visits = cr.fetchone()
    cr.execute(
        """SELECT partner_id, visits FROM (
               SELECT partner_id, SUM(visit_count) AS visits FROM fuxi_guest_stat
                GROUP BY partner_id) s
            ORDER BY visits, partner_id
           OFFSET (SELECT COUNT(DISTINCT partner_id) / 2 FROM fuxi_guest_stat) LIMIT 1"""
    )
    typical, typical_visits = cr.fetchone()
    cr.execute(
        """SELECT name, ref, mobile, phone FROM res_partner
            WHERE is_fuxi_customer AND mobile LIKE '%%-%%' AND phone IS NOT NULL
            ORDER BY id DESC LIMIT 1"""
    )
    name, code, mobile, phone = cr.fetchone()
    digits = mobile.replace("-", "")
    terms = [
        ("full mobile, typed without its dashes", digits),
        ("mobile typed with dashes", f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"),
        ("landline typed without its dash", phone.replace("-", "")),
        ("the last 6 digits of a number", digits[-6:]),
        ("customer code", code),
        ("customer code prefix", code[:-2]),
        ("name (3 characters or more)", name if len(name) >= 3 else name + "伟"),
        ("one Chinese character (surname)", "王"),
        ("two Chinese characters", name[:2]),
        ("Latin letters", "zhou"),
    ]
    return {
        "login": user.login,
        "user_id": user.id,
        "busiest": busiest,
        "busiest_visits": busiest_visits,
        "typical": typical,
        "typical_visits": typical_visits,
        "terms": terms,
        "customers_action": env.ref("fuxi_customer.res_partner_action_customer").id,
        "contacts_action": env.ref("contacts.action_contacts").id,
    }


def timed(func, runs):
    """Median (ms) of `runs` warm calls after two warm-ups, and the last result."""
    result = func()
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def specification(arch, fields):
    """What the web client asks web_read/web_search_read for, for a view's arch: every field
    of the view (not those of its x2many sub-views, which get their own), many2ones with
    their display name, x2manys with their sub-list's fields and its page size."""
    spec = {}
    root = etree.fromstring(arch)
    for node in root.iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        name = node.get("name")
        info = fields.get(name, {})
        if info.get("type") == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif info.get("type") in ("one2many", "many2many"):
            sub = node.find(".//list")
            sub_fields = {f.get("name"): {} for f in sub.iter("field")} if sub is not None else {}
            spec[name] = {"fields": sub_fields or {"display_name": {}}, "limit": 40}
        else:
            spec[name] = {}
    return spec


def view_spec(session, action_id, view_type, context):
    views = session.call(
        "res.partner",
        "get_views",
        [],
        {
            "views": [[False, view_type], [False, "search"]],
            "options": {"action_id": action_id, "load_filters": True},
            "context": context,
        },
    )
    fields = views["models"]["res.partner"]["fields"]
    return specification(views["views"][view_type]["arch"], fields)


def measure(base_url, db, info, runs, only=None):
    session = live.Session(base_url, db, info["login"])
    context = {"lang": "zh_CN", "tz": "Asia/Shanghai"}
    results = {}
    # ---- the JSON-RPC path alone: the smallest call_kw a browser makes as this user
    results["rpc floor"] = timed(
        lambda: session.call("res.partner", "check_access_rights", ["read", False]), runs
    )
    if only == "profile":
        return measure_profile(session, context, info, runs, results)
    # ---- the form
    form_spec = view_spec(session, info["customers_action"], "form", context)
    for label, partner in (("busiest", info["busiest"]), ("typical", info["typical"])):
        ms, answer = timed(
            lambda partner=partner: session.call(
                "res.partner",
                "web_read",
                [[partner]],
                {"specification": form_spec, "context": context},
            ),
            runs,
        )
        results[f"form {label}"] = (ms, len(json.dumps(answer)))
    measure_profile(session, context, info, runs, results)
    # ---- the search
    for label, term in info["terms"]:
        ms, found = timed(
            lambda term=term: session.call(
                "res.partner", "fuxi_search_guests", [term], {"context": context}
            ),
            runs,
        )
        results[f"search: {label} ({term})"] = (ms, len(found))
    # ---- the customer kanban as it opens, and Odoo Contacts'
    kanban_spec = view_spec(session, info["customers_action"], "kanban", context)
    domain = [("is_fuxi_customer", "=", True)]

    def fuxi_kanban():
        records = session.call(
            "res.partner",
            "web_search_read",
            [],
            {
                "domain": domain,
                "specification": kanban_spec,
                "limit": 40,
                "count_limit": 10001,
                "context": context,
            },
        )
        for field in ("customer_class_id", "region_id"):
            session.call(
                "res.partner",
                "search_panel_select_range",
                [field],
                {
                    "search_domain": domain,
                    "category_domain": [],
                    "filter_domain": [],
                    "enable_counters": True,
                    "expand": False,
                    "limit": 200,
                    "hierarchize": True,
                    "context": context,
                },
            )
        return records["length"]

    contacts_spec = view_spec(session, info["contacts_action"], "kanban", context)

    def contacts_kanban():
        return session.call(
            "res.partner",
            "web_search_read",
            [],
            {
                "domain": [],
                "specification": contacts_spec,
                "limit": 80,
                "count_limit": 10001,
                "context": context,
            },
        )["length"]

    results["kanban: Fuxi customers (records + 2 search-panel counters)"] = timed(fuxi_kanban, runs)
    results["kanban: Odoo Contacts"] = timed(contacts_kanban, runs)
    return results


def measure_profile(session, context, info, runs, results):
    for label, partner in (("busiest", info["busiest"]), ("typical", info["typical"])):
        ms, _answer = timed(
            lambda partner=partner: session.call(
                "res.partner", "get_fuxi_guest_profile", [[partner]], {"context": context}
            ),
            runs,
        )
        results[f"profile {label}"] = (ms, None)
    return results


def profile_blocks(registry, info, runs, cprofile_path=None):
    """Each addon's part of the profile, in-process as the bench user: {guest: (ms, CPU ms,
    queries, [(addon, own ms, own CPU ms, own queries)])}. A block's own figures leave out
    what the blocks it calls through super() cost; CPU time is this process's (the machine
    is shared: wall time waits for the processor)."""
    figures = {}

    def clock(cr):
        return (time.perf_counter() * 1000, time.process_time() * 1000, cr.sql_log_count)

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, info["user_id"], {"lang": "zh_CN", "tz": "Asia/Shanghai"})
        model_class = type(env["res.partner"])
        originals = {
            klass: klass.__dict__["_fuxi_guest_profile"]
            for klass in model_class.__mro__
            if "_fuxi_guest_profile" in klass.__dict__
        }
        own = {}
        stack = []

        def wrap(klass, method):
            def wrapper(partner):
                start = clock(cr)
                stack.append((0, 0, 0))
                try:
                    return method(partner)
                finally:
                    inner = stack.pop()
                    spent = [end - begin for end, begin in zip(clock(cr), start, strict=True)]
                    own.setdefault(klass._module, []).append(
                        [total - called for total, called in zip(spent, inner, strict=True)]
                    )
                    if stack:
                        stack[-1] = tuple(a + b for a, b in zip(stack[-1], spent, strict=True))

            return wrapper

        def median(values, index):
            return statistics.median(value[index] for value in values)

        for klass, method in originals.items():
            klass._fuxi_guest_profile = wrap(klass, method)
        try:
            for label in ("busiest", "typical"):
                partner = env["res.partner"].browse(info[label])
                totals = []
                for run in range(runs + 2):
                    if run == 2:
                        own.clear()  # two warm-ups
                        totals.clear()
                    env.invalidate_all()  # a new request starts with an empty record cache
                    start = clock(cr)
                    partner.get_fuxi_guest_profile()
                    totals.append(
                        [end - begin for end, begin in zip(clock(cr), start, strict=True)]
                    )
                figures[label] = (
                    median(totals, 0),
                    median(totals, 1),
                    totals[-1][2],
                    [
                        (module, median(values, 0), median(values, 1), values[-1][2])
                        for module, values in own.items()
                    ],
                )
            if cprofile_path:
                partner = env["res.partner"].browse(info["busiest"])
                # CPU time: the machine is shared
                profiler = cProfile.Profile(time.process_time)
                for _run in range(runs):
                    env.invalidate_all()
                    profiler.runcall(partner.get_fuxi_guest_profile)
                profiler.dump_stats(cprofile_path)
        finally:
            for klass, method in originals.items():
                klass._fuxi_guest_profile = method
            cr.rollback()
    return figures


def report_blocks(info, figures, runs):
    print(f"\nthe profile by block, in-process (no HTTP), medians of {runs} calls:")
    for label in ("busiest", "typical"):
        total, cpu, queries, blocks = figures[label]
        print(
            f"  {label} guest ({info[f'{label}_visits']:,} visits): "
            f"{total:.1f} ms (CPU {cpu:.1f} ms), {queries} queries"
        )
        for module, ms, cpu_ms, count in blocks:
            print(f"    {module:<22} {ms:6.1f} ms  CPU {cpu_ms:6.1f} ms  {count:3d} queries")


def report(info, results, runs):
    def line(label, ms, target, extra=""):
        verdict = "" if target is None else ("met" if ms <= target else "MISSED")
        goal = "" if target is None else f"target ≤ {target:.0f} ms"
        print(f"  {label:<62} {ms:7.1f} ms  {goal:<16} {verdict:<6} {extra}")

    print(
        f"\nwarm medians of {runs} JSON-RPC calls (zh_CN user); busiest guest "
        f"{info['busiest_visits']:,} visits, typical (median) guest {info['typical_visits']:,}"
    )
    print(f"JSON-RPC floor (check_access_rights as this user): {results['rpc floor'][0]:.1f} ms")
    if "form busiest" not in results:
        print("station profile (swipe, front desk):")
        for label in ("busiest", "typical"):
            line(f"{label} guest's profile", results[f"profile {label}"][0], 35)
        return
    print("form (the form view's field specification):")
    for label in ("busiest", "typical"):
        ms, size = results[f"form {label}"]
        line(f"{label} guest's form", ms, 60, f"{size / 1024:.1f} KB")
    print("station profile (swipe, front desk):")
    for label in ("busiest", "typical"):
        line(f"{label} guest's profile", results[f"profile {label}"][0], 35)
    print("guest search (fuxi_search_guests, at most 8 guests):")
    for label, (ms, found) in results.items():
        if label.startswith("search: "):
            line(label[8:], ms, 15, f"{found} found")
    fuxi = results["kanban: Fuxi customers (records + 2 search-panel counters)"][0]
    contacts = results["kanban: Odoo Contacts"][0]
    print("kanban as it opens:")
    line("Odoo Contacts (reference)", contacts, None)
    line("Fuxi customers (records + 2 search-panel counters)", fuxi, 1.3 * contacts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--port", type=int, default=8299)
    parser.add_argument("--only", choices=["profile"], help="measure only the guest profile")
    parser.add_argument(
        "--blocks", action="store_true", help="also each addon's part of the profile"
    )
    parser.add_argument("--cprofile", help="write a cProfile of the busiest guest's profile")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        ensure_guest_data(env)
        cr.commit()
        info = prepare(env)
        cr.commit()
    settle_guests(registry)
    blocks = None
    if args.blocks or args.cprofile:
        blocks = profile_blocks(registry, info, args.runs, args.cprofile)
    tmp = Path(tempfile.mkdtemp(prefix="fuxi-guest-bench-"))
    process, log = live.start_server(args.config, args.database, args.port, str(tmp / "odoo.log"))
    try:
        results = measure(
            f"http://127.0.0.1:{args.port}", args.database, info, args.runs, args.only
        )
    finally:
        live.stop_server(process, log)
        with registry.cursor() as cr:
            odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["res.users"].browse(
                info["user_id"]
            ).active = False
    report(info, results, args.runs)
    if blocks:
        report_blocks(info, blocks, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
