"""Static checks of the Docker deployment: docker-compose.yml and config/odoo.conf.

No Docker engine is needed: the files are parsed and cross-checked, so that a broken
mount, port or path is caught before a restaurant tries to start the stack.
"""

import configparser
import posixpath
import re
import subprocess
from pathlib import Path, PurePosixPath

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
CONF_FILE = ROOT / "config" / "odoo.conf"
ADDONS_DIR = ROOT / "addons"


@pytest.fixture(scope="module")
def compose():
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "docker-compose.yml is not a mapping"
    return data


@pytest.fixture(scope="module")
def services(compose):
    services = compose.get("services")
    assert isinstance(services, dict), "docker-compose.yml has no services"
    return services


@pytest.fixture(scope="module")
def db(services):
    assert "db" in services, "no 'db' service in docker-compose.yml"
    return services["db"]


@pytest.fixture(scope="module")
def odoo(services):
    assert "odoo" in services, "no 'odoo' service in docker-compose.yml"
    return services["odoo"]


@pytest.fixture(scope="module")
def conf():
    parser = configparser.RawConfigParser()
    parser.read_string(CONF_FILE.read_text(encoding="utf-8"), source=str(CONF_FILE))
    assert parser.has_section("options"), "config/odoo.conf has no [options] section"
    return parser["options"]


def addons_path(conf):
    return [
        posixpath.normpath(p.strip()) for p in conf.get("addons_path", "").split(",") if p.strip()
    ]


def mounts(service):
    """The service's volumes as (source, target, read_only) tuples, short or long syntax."""
    result = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            source, target = volume.get("source"), volume.get("target")
            read_only = bool(volume.get("read_only"))
        else:
            parts = volume.split(":")
            assert len(parts) in (2, 3), f"unexpected volume syntax: {volume}"
            source, target = parts[0], parts[1]
            read_only = len(parts) == 3 and "ro" in parts[2].split(",")
        result.append((source, posixpath.normpath(target), read_only))
    return result


def is_bind(source):
    return source.startswith((".", "/", "~"))


def bind_mounts(service):
    """Bind mounts as (absolute host Path, container path, read_only)."""
    return [
        ((ROOT / source).resolve(), target, ro)
        for source, target, ro in mounts(service)
        if is_bind(source)
    ]


def mount_for(service, target):
    found = [m for m in mounts(service) if m[1] == target]
    assert found, f"nothing is mounted at {target}"
    return found[0]


def published_ports(service):
    """{container port: host port} of the ports published on the host."""
    result = {}
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            if port.get("published") is not None:
                result[int(port["target"])] = int(port["published"])
            continue
        spec = str(port).split("/")[0]
        parts = spec.rsplit(":", 2)
        if len(parts) >= 2:  # HOST:CONTAINER or IP:HOST:CONTAINER
            result[int(parts[-1])] = int(parts[-2])
    return result


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def healthcheck_command(service):
    check = service.get("healthcheck")
    assert check, "no healthcheck"
    assert not check.get("disable"), "the healthcheck is disabled"
    test = check.get("test")
    assert test, "the healthcheck has no test"
    if isinstance(test, list):
        assert test[0] in ("CMD", "CMD-SHELL"), f"healthcheck test must start with CMD: {test}"
        return " ".join(str(t) for t in test[1:])
    return str(test)


def startup_words(service):
    """Every word of the service's entrypoint and command (script text split on blanks)."""
    words = []
    for key in ("entrypoint", "command"):
        value = service.get(key) or []
        for part in [value] if isinstance(value, str) else value:
            words.extend(str(part).split())
    return words


def all_strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from all_strings(key)
            yield from all_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from all_strings(item)


def fuxi_addons():
    return sorted(m.parent for m in ADDONS_DIR.glob("*/__manifest__.py"))


# ---------------------------------------------------------------- images


def test_odoo_uses_official_odoo_18_image(odoo):
    image = str(odoo.get("image", ""))
    assert re.fullmatch(r"(docker\.io/)?(library/)?odoo:18(\.\d+)*(-\S+)?", image), image
    assert "build" not in odoo, "the odoo service must run the stock image, not a build"


def test_db_uses_official_postgres_16_image(db):
    image = str(db.get("image", ""))
    assert re.fullmatch(r"(docker\.io/)?(library/)?postgres:16(\.\d+)*(-\S+)?", image), image
    assert "build" not in db


# ---------------------------------------------------------------- volumes and mounts


@pytest.mark.parametrize(
    ("service_name", "target"),
    [("db", "/var/lib/postgresql/data"), ("odoo", "/var/lib/odoo")],
)
def test_persistent_data_on_declared_named_volume(compose, services, service_name, target):
    source, _, read_only = mount_for(services[service_name], target)
    assert not is_bind(source), f"{target} should be a named volume, not the bind mount {source}"
    declared = compose.get("volumes") or {}
    assert source in declared, f"volume {source!r} is not declared under the top-level volumes"
    assert not read_only, f"{target} must be writable"


def test_db_and_filestore_volumes_are_distinct(db, odoo):
    db_volume = mount_for(db, "/var/lib/postgresql/data")[0]
    filestore_volume = mount_for(odoo, "/var/lib/odoo")[0]
    assert db_volume != filestore_volume


def test_addons_mounted_read_only_where_addons_path_looks(odoo, conf):
    paths = addons_path(conf)
    assert paths, "config/odoo.conf sets no addons_path"
    addons_mounts = [m for m in bind_mounts(odoo) if m[0] == ADDONS_DIR.resolve()]
    assert addons_mounts, "./addons is not mounted in the odoo service"
    _, target, read_only = addons_mounts[0]
    assert target in paths, f"./addons is mounted at {target}, addons_path is {paths}"
    assert read_only, "./addons should be mounted read-only"


def test_config_mounted_read_only_at_etc_odoo(odoo):
    config_mounts = [m for m in bind_mounts(odoo) if m[0] == (ROOT / "config").resolve()]
    assert config_mounts, "./config is not mounted in the odoo service"
    _, target, read_only = config_mounts[0]
    # the official image reads /etc/odoo/odoo.conf (ODOO_RC)
    assert target == "/etc/odoo"
    assert read_only, "./config should be mounted read-only"
    assert CONF_FILE.is_file()
    rc = environment(odoo).get("ODOO_RC", "/etc/odoo/odoo.conf")
    assert rc == "/etc/odoo/odoo.conf", f"ODOO_RC points at {rc}, not the mounted config"


def test_every_fuxi_addon_is_found_through_the_mounted_addons_path(odoo, conf):
    addons = fuxi_addons()
    assert addons, "no addon with a __manifest__.py in addons/"
    paths = addons_path(conf)
    binds = bind_mounts(odoo)
    for addon in addons:
        inside = None
        for host, target, _ in binds:
            if addon.resolve().is_relative_to(host):
                rel = addon.resolve().relative_to(host).as_posix()
                inside = PurePosixPath(target, rel)
                break
        assert inside is not None, f"{addon.name} is not inside any bind mount of the odoo service"
        assert str(inside.parent) in paths, (
            f"{addon.name} is at {inside} in the container, not below addons_path {paths}"
        )


def test_oca_requirements_mounted_and_installed_by_the_entrypoint(odoo):
    source, target, read_only = mount_for(odoo, "/mnt/requirements-addons.txt")
    assert (ROOT / source).resolve() == (ROOT / "requirements-addons.txt").resolve()
    assert read_only
    words = startup_words(odoo)
    assert target in " ".join(words), "the odoo entrypoint never reads it"
    # the image's Odoo is a Debian package pip does not know: OCA wheels need --no-deps
    for flag in ("--no-deps", "--break-system-packages", "-r"):
        assert flag in words, f"pip install {flag} missing from the odoo entrypoint"


def test_odoo_startup_goes_through_the_image_entrypoint(odoo):
    """/entrypoint.sh waits for PostgreSQL and passes the database settings to Odoo."""
    entrypoint = odoo.get("entrypoint")
    if entrypoint is not None:
        words = startup_words({"entrypoint": entrypoint})
        assert "/entrypoint.sh" in words, "a custom entrypoint must exec /entrypoint.sh"
    command = odoo.get("command") or ["odoo"]
    command = command.split() if isinstance(command, str) else command
    assert command[0] == "odoo" or command[0].startswith("-"), command


def test_nothing_is_installed_or_upgraded_at_start(odoo):
    words = startup_words(odoo)
    for word in words:
        flag = word.split("=", 1)[0]
        assert flag not in ("-i", "--init", "-u", "--update"), f"{word} in the odoo start-up"


# ---------------------------------------------------------------- health and order


def test_db_healthcheck_uses_pg_isready(db):
    assert "pg_isready" in healthcheck_command(db)


def test_odoo_healthcheck_hits_web_health(odoo, conf):
    http_port = conf.get("http_port", "8069")
    command = healthcheck_command(odoo)
    assert re.search(rf"https?://(localhost|127\.0\.0\.1):{http_port}/web/health\b", command), (
        command
    )


def test_odoo_waits_for_a_healthy_db(odoo):
    depends = odoo.get("depends_on")
    assert isinstance(depends, dict), "depends_on must use the long form with a condition"
    assert "db" in depends
    assert depends["db"].get("condition") == "service_healthy"


@pytest.mark.parametrize("service_name", ["db", "odoo"])
def test_services_restart_unless_stopped(services, service_name):
    assert services[service_name].get("restart") == "unless-stopped"


# ---------------------------------------------------------------- ports


def test_http_port_published(odoo, conf):
    http_port = int(conf.get("http_port", "8069"))
    assert http_port in published_ports(odoo), f"port {http_port} is not published"


def test_websocket_port_published_and_matches_gevent_port(odoo, conf):
    assert "gevent_port" in conf, "config/odoo.conf sets no gevent_port"
    gevent_port = int(conf["gevent_port"])
    assert gevent_port == 8072
    assert gevent_port in published_ports(odoo), f"gevent_port {gevent_port} is not published"


# ---------------------------------------------------------------- credentials


def test_database_settings_agree_with_the_db_service(db, conf, services):
    db_env = environment(db)
    assert conf.get("db_host") in services, f"db_host {conf.get('db_host')} is no service"
    assert conf.get("db_host") == "db"
    assert conf.get("db_user") == db_env.get("POSTGRES_USER") == "odoo"


def test_database_password_comes_from_the_environment(db, odoo, conf):
    # The image's entrypoint passes PASSWORD as --db_password unless the conf sets one.
    assert "db_password" not in conf, "db_password in odoo.conf would override the environment"
    db_password = environment(db).get("POSTGRES_PASSWORD")
    assert db_password and db_password.startswith("${POSTGRES_PASSWORD"), db_password
    assert environment(odoo).get("PASSWORD") == db_password


def test_compose_interpolates_only_intended_variables(compose):
    """Shell variables in the entrypoint must be written $$VAR, or Compose empties them."""
    for text in all_strings(compose):
        rest = re.sub(
            r"\$\{POSTGRES_(REPLICATION_)?PASSWORD(:?[-?][^}]*)?\}", "", text.replace("$$", "")
        )
        assert "$" not in rest, f"unescaped $ in {text!r}"


# ---------------------------------------------------------------- odoo.conf


def test_conf_runs_workers(conf):
    assert int(conf.get("workers", "0")) > 0, "production needs workers > 0 (prefork mode)"
    assert int(conf.get("max_cron_threads", "0")) >= 1


def test_conf_memory_and_time_limits_are_consistent(conf):
    soft, hard = int(conf["limit_memory_soft"]), int(conf["limit_memory_hard"])
    assert 0 < soft < hard
    cpu, real = int(conf["limit_time_cpu"]), int(conf["limit_time_real"])
    assert 0 < cpu <= real


def test_conf_production_settings(conf):
    assert conf.get("proxy_mode") == "True"
    assert conf.get("list_db") == "False"
    assert conf.get("without_demo") == "all"
    assert conf.get("data_dir") == "/var/lib/odoo"
    assert conf.get("admin_passwd"), "admin_passwd must be set (to a placeholder to change)"


def test_conf_does_not_reload_the_language_at_every_start(conf):
    # From the config file, load_language runs the language installation again in every
    # worker at every start: it belongs on the database creation command instead.
    assert "load_language" not in conf


def test_conf_is_ascii():
    # Odoo reads the file with the locale's encoding, which may be ASCII in the container.
    CONF_FILE.read_bytes().decode("ascii")


def test_conf_has_no_inline_comments(conf):
    # Odoo would take "value ; comment" as the value.
    for key, value in conf.items():
        assert not re.search(r"\s[;#]", value), f"{key} = {value}: move the comment to its own line"


# ---------------------------------------------------------------- the YAML fallback


def test_instructions_install_the_whole_suite():
    """The documented first start installs the umbrella addon, i.e. every Fuxi addon."""
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    assert re.search(r"odoo -d fuxi -i fuxi\b(?!_)", text), "the compose file must install 'fuxi'"
    assert (ADDONS_DIR / "fuxi" / "__manifest__.py").is_file()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "-i fuxi " in readme
    # config/odoo.conf hides the database manager: the README must not send users there
    assert "list_db = False" in CONF_FILE.read_text(encoding="utf-8")
    assert "database manager" not in readme


# ---------------------------------------------------------------- production profile
# `docker compose --profile production up -d`: a streaming replica for the read-only
# requests and nginx in front. Checked by structure (no Docker engine or Compose plugin on
# the test machines); the replica itself is exercised for real in tests/test_read_replica.py.

DEPLOY_DIR = ROOT / "deploy"
NGINX_CONF = DEPLOY_DIR / "nginx.conf"
PRIMARY_SCRIPT = DEPLOY_DIR / "postgres" / "primary-replication.sh"
REPLICA_SCRIPT = DEPLOY_DIR / "postgres" / "replica-entrypoint.sh"


@pytest.fixture(scope="module")
def replica(services):
    assert "db-replica" in services, "no 'db-replica' service in docker-compose.yml"
    return services["db-replica"]


@pytest.fixture(scope="module")
def nginx(services):
    assert "nginx" in services, "no 'nginx' service in docker-compose.yml"
    return services["nginx"]


def nginx_blocks(text):
    """nginx.conf as nested lists: a directive is a list of words; a block is
    (words, [children])."""
    text = re.sub(r"#[^\n]*", "", text)
    tokens = re.findall(r"\"[^\"]*\"|'[^']*'|[{};]|[^\s{};]+", text)
    stack, words = [[]], []
    for token in tokens:
        if token == ";":
            stack[-1].append(words)
            words = []
        elif token == "{":
            block = (words, [])
            stack[-1].append(block)
            stack.append(block[1])
            words = []
        elif token == "}":
            assert not words, f"directive without ';' before '}}': {words}"
            stack.pop()
            assert stack, "unbalanced '}' in nginx.conf"
        else:
            words.append(token)
    assert len(stack) == 1 and not words, "unbalanced '{' or missing ';' in nginx.conf"
    return stack[0]


def directives(children, name):
    return [d[1:] for d in children if isinstance(d, list) and d and d[0] == name]


def blocks(children, name):
    return [b for b in children if isinstance(b, tuple) and b[0] and b[0][0] == name]


def seconds(value):
    match = re.fullmatch(r"(\d+)(ms|s|m|h)?", value)
    assert match, value
    return int(match.group(1)) * {"ms": 0.001, None: 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


@pytest.mark.parametrize("service_name", ["db", "odoo"])
def test_the_plain_stack_is_unchanged_without_the_profile(services, service_name):
    assert not services[service_name].get("profiles"), f"{service_name} must always start"


@pytest.mark.parametrize("service_name", ["db-replica", "nginx"])
def test_production_services_only_in_the_production_profile(services, service_name):
    assert services[service_name].get("profiles") == ["production"]
    assert services[service_name].get("restart") == "unless-stopped"


def test_replica_runs_the_primary_postgres_major_version(db, replica):
    assert replica.get("image") == db.get("image"), "a streaming replica needs the same major"


def test_replica_has_its_own_named_volume(compose, db, replica):
    source, _, read_only = mount_for(replica, "/var/lib/postgresql/data")
    assert not is_bind(source) and source in (compose.get("volumes") or {})
    assert source != mount_for(db, "/var/lib/postgresql/data")[0]
    assert not read_only


def test_replica_clones_the_primary_with_pg_basebackup(db, replica):
    depends = replica.get("depends_on") or {}
    assert depends.get("db", {}).get("condition") == "service_healthy"
    script_mounts = [m for m in bind_mounts(replica) if m[0] == REPLICA_SCRIPT.resolve()]
    assert script_mounts, "deploy/postgres/replica-entrypoint.sh is not mounted"
    _, target, read_only = script_mounts[0]
    assert read_only
    assert target in startup_words(replica), "the replica's entrypoint does not run the script"
    script = REPLICA_SCRIPT.read_text(encoding="utf-8")
    for word in ("pg_basebackup", "--write-recovery-conf", "--wal-method=stream", "--host=db"):
        assert word in script, f"{word} missing from the replica's set-up"
    # then the image's own entrypoint starts it (as the postgres user) as a hot standby
    assert re.search(r"^exec docker-entrypoint\.sh postgres\b", script, re.M)
    assert "hot_standby=on" in script
    # the same role and password as the primary's set-up
    assert "--username=replicator" in script
    assert environment(replica).get("REPLICATION_PASSWORD") == environment(db).get(
        "REPLICATION_PASSWORD"
    )
    assert environment(db)["REPLICATION_PASSWORD"].startswith("${POSTGRES_REPLICATION_PASSWORD")


def test_replica_is_healthy_only_as_a_standby(replica):
    command = healthcheck_command(replica)
    assert "pg_isready" in command and "pg_is_in_recovery()" in command


def test_primary_accepts_the_replica(db):
    words = startup_words(db)
    assert "wal_level=replica" in words, "the primary must write WAL a standby can replay"
    init = [m for m in bind_mounts(db) if m[0] == PRIMARY_SCRIPT.resolve()]
    assert init, "deploy/postgres/primary-replication.sh is not mounted"
    _, target, read_only = init[0]
    assert (
        read_only and target.startswith("/docker-entrypoint-initdb.d/") and target.endswith(".sh")
    )
    script = PRIMARY_SCRIPT.read_text(encoding="utf-8")
    assert "CREATE ROLE replicator WITH REPLICATION LOGIN" in script
    assert "host replication replicator all scram-sha-256" in script
    assert "pg_reload_conf()" in script


@pytest.mark.parametrize("script", [PRIMARY_SCRIPT, REPLICA_SCRIPT], ids=lambda p: p.name)
def test_deploy_scripts_are_valid_bash(script):
    assert script.read_text(encoding="utf-8").startswith("#!/bin/bash\n")
    assert "set -euo pipefail" in script.read_text(encoding="utf-8")
    done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_odoo_reads_from_the_replica_in_the_production_profile(odoo, replica):
    depends = odoo.get("depends_on") or {}
    # only in the profile: without it Compose drops the dependency (required: false)
    assert depends.get("db-replica") == {"condition": "service_healthy", "required": False}
    words = startup_words(odoo)
    assert "--db_replica_host=db-replica" in words
    assert "--db_replica_port=5432" in words
    text = " ".join(words)
    # the option is added only when the replica's name resolves (the profile is on)
    assert "getent hosts db-replica" in text
    assert text.index("getent hosts db-replica") < text.index("exec /entrypoint.sh")


def test_nginx_serves_the_conf_and_publishes_http(nginx):
    assert str(nginx.get("image", "")).startswith("nginx:")
    conf_mounts = [m for m in bind_mounts(nginx) if m[0] == NGINX_CONF.resolve()]
    assert conf_mounts, "deploy/nginx.conf is not mounted"
    _, target, read_only = conf_mounts[0]
    assert target == "/etc/nginx/conf.d/default.conf" and read_only
    assert 80 in published_ports(nginx)
    assert "odoo" in (nginx.get("depends_on") or {})


@pytest.fixture(scope="module")
def nginx_server():
    top = nginx_blocks(NGINX_CONF.read_text(encoding="utf-8"))
    servers = blocks(top, "server")
    assert len(servers) == 1, "one server block expected"
    return top, servers[0][1]


def upstream_target(top, name):
    upstream = [b for b in blocks(top, "upstream") if b[0][1:] == [name]]
    assert upstream, f"no upstream {name}"
    return directives(upstream[0][1], "server")[0][0]


def test_nginx_routes_the_websocket_to_the_gevent_port(nginx_server, conf):
    top, server = nginx_server
    locations = {tuple(b[0][1:]): b[1] for b in blocks(server, "location")}
    websocket = locations.get(("/websocket",))
    assert websocket is not None, "no location /websocket"
    target = directives(websocket, "proxy_pass")[0][0]
    assert upstream_target(top, target.removeprefix("http://")) == f"odoo:{conf['gevent_port']}"
    assert ["1.1"] in directives(websocket, "proxy_http_version")
    headers = {h[0]: h[1] for h in directives(websocket, "proxy_set_header")}
    assert headers.get("Upgrade") == "$http_upgrade"
    assert headers.get("Connection") == "$connection_upgrade"
    maps = [b for b in blocks(top, "map") if b[0][1:] == ["$http_upgrade", "$connection_upgrade"]]
    assert maps, "no map $http_upgrade → $connection_upgrade"
    root = locations.get(("/",))
    assert root is not None, "no location /"
    target = directives(root, "proxy_pass")[0][0]
    assert upstream_target(top, target.removeprefix("http://")) == f"odoo:{conf['http_port']}"


def test_nginx_passes_the_proxy_headers_everywhere(nginx_server, conf):
    """proxy_mode trusts X-Forwarded-*; a location's proxy_set_header replaces the server's,
    so every proxying location sets them all."""
    assert conf.get("proxy_mode") == "True"
    _, server = nginx_server
    for words, children in blocks(server, "location"):
        if not directives(children, "proxy_pass"):
            continue
        headers = {h[0]: h[1] for h in directives(children, "proxy_set_header")}
        for name, value in (
            ("Host", "$host"),
            ("X-Forwarded-Host", "$host"),
            ("X-Forwarded-For", "$proxy_add_x_forwarded_for"),
            ("X-Forwarded-Proto", "$scheme"),
        ):
            assert headers.get(name) == value, f"location {' '.join(words[1:])}: {name}"


def test_nginx_timeouts_outlast_odoo_and_the_websocket(nginx_server, conf):
    _, server = nginx_server
    read_timeout = seconds(directives(server, "proxy_read_timeout")[0][0])
    assert read_timeout > int(conf["limit_time_real"]), (
        "nginx would cut a long request before Odoo's own limit_time_real"
    )
    assert seconds(directives(server, "proxy_send_timeout")[0][0]) >= read_timeout
    locations = {tuple(b[0][1:]): b[1] for b in blocks(server, "location")}
    websocket_timeout = directives(locations[("/websocket",)], "proxy_read_timeout")
    assert websocket_timeout and seconds(websocket_timeout[0][0]) >= 3600
    assert directives(server, "client_max_body_size"), "uploads need client_max_body_size"
