#!/bin/bash
# The primary's side of the streaming replica (docker-compose.yml, service db).
#
# The postgres image runs this once, when it initialises an empty data volume
# (/docker-entrypoint-initdb.d). A database made before the production profile existed
# gets it by hand, once:
#     docker compose exec -u postgres db bash /docker-entrypoint-initdb.d/20-fuxi-replication.sh
#
# It creates the role the replica connects as (password: POSTGRES_REPLICATION_PASSWORD of
# .env) and lets it make replication connections from the compose network.
set -euo pipefail

: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD is not set (docker-compose.yml)}"

psql -v ON_ERROR_STOP=1 -v password="$REPLICATION_PASSWORD" \
    --username "${POSTGRES_USER:-postgres}" --dbname postgres <<'SQL'
SELECT format('CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD %L', :'password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'replicator') \gexec
SELECT format('ALTER ROLE replicator WITH REPLICATION LOGIN PASSWORD %L', :'password') \gexec
SQL

hba="$PGDATA/pg_hba.conf"
if ! grep -q '^host replication replicator ' "$hba"; then
    echo "host replication replicator all scram-sha-256" >> "$hba"
fi
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres -qAt \
    -c "SELECT pg_reload_conf()" > /dev/null
echo "fuxi: replication role and pg_hba entry ready" >&2
