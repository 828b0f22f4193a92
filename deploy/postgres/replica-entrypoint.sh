#!/bin/bash
# The streaming replica (docker-compose.yml, profile "production", service db-replica).
#
# On an empty volume it clones the primary (service db) with pg_basebackup -R: a physical
# copy plus standby.signal and primary_conninfo, through the replication slot fuxi_replica
# (the primary keeps the WAL the replica has not received, up to max_slot_wal_keep_size).
# Then it hands over to the image's own entrypoint, which starts PostgreSQL as a hot
# standby: read-only, streaming every change of the primary.
#
# Rebuild a replica that fell too far behind (its log says "requested WAL segment ... has
# already been removed"): docker compose rm -sf db-replica, remove the volume
# fuxi_fuxi-db-replica-data, docker compose --profile production up -d.
set -euo pipefail

: "${PGDATA:=/var/lib/postgresql/data}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD is not set (docker-compose.yml)}"
export PGPASSWORD="$REPLICATION_PASSWORD"
primary=(--host=db --port=5432 --username=replicator)

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready "${primary[@]}" --dbname=postgres -q; do
        echo "fuxi: waiting for the primary (db)" >&2
        sleep 2
    done
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    # a slot left by a replica whose volume was removed would make --create-slot fail
    psql "${primary[@]}" --dbname=postgres -qAt -c \
        "SELECT pg_drop_replication_slot('fuxi_replica') FROM pg_replication_slots
          WHERE slot_name = 'fuxi_replica' AND NOT active" > /dev/null
    echo "fuxi: cloning the primary into $PGDATA (pg_basebackup)" >&2
    gosu postgres pg_basebackup "${primary[@]}" --pgdata="$PGDATA" --write-recovery-conf \
        --wal-method=stream --checkpoint=fast --create-slot --slot=fuxi_replica --progress
fi

# hot_standby_feedback: a long report on the replica is not cancelled by the primary's
# vacuum; max_standby_streaming_delay: how long replay may wait for a running report
exec docker-entrypoint.sh postgres \
    -c hot_standby=on \
    -c hot_standby_feedback=on \
    -c max_standby_streaming_delay=60s
