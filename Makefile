# Fuxi (伏羲) restaurant CRM — see README.md. Everything goes through scripts/fuxi.
.PHONY: run test lint setup bench bench-frontdesk bench-card bench-analytics bench-callerid bench-printer bench-cashier bench-marketing bench-guest pg-stop

run:            ## set up, create/upgrade database "fuxi", serve http://localhost:8069
	@scripts/fuxi run

test:           ## set up, throwaway database, lint, Odoo's own tests of what we extend, all Fuxi tests
	@scripts/fuxi test

lint:           ## ruff + pylint-odoo, eslint + prettier (OCA configuration)
	@scripts/fuxi lint

bench:          ## benchmarks at restaurant-chain scale (database fuxi_bench)
	@scripts/fuxi bench

bench-frontdesk: ## 20 front desks sending orders, a kitchen display listening (database fuxi_bench)
	@scripts/fuxi bench-frontdesk

bench-card:     ## swipes through pcscd + the station bridge → the station's websocket (database fuxi_bench)
	@scripts/fuxi bench-card

bench-analytics: ## statistics, dashboard and sales forecast (+ backtest) timed (database fuxi_bench)
	@scripts/fuxi bench-analytics

bench-callerid: ## calls from a virtual caller-ID modem through the station bridge → the station's websocket (database fuxi_bench)
	@scripts/fuxi bench-callerid

bench-guest:    ## guest form, profile, search and customer kanban timed over JSON-RPC (database fuxi_bench)
	@scripts/fuxi bench-guest

bench-printer:  ## 20 front desks sending, the station bridge printing on virtual ESC/POS printers (database fuxi_bench)
	@scripts/fuxi bench-printer

bench-cashier:  ## checkouts with member rules and two payments, p50/p95 server time (database fuxi_bench)
	@scripts/fuxi bench-cashier

bench-marketing: ## audience count and an SMS campaign to 100,000 guests: queued per second (database fuxi_bench)
	@scripts/fuxi bench-marketing

setup:          ## system packages, .venv, Odoo 18.0, Python dependencies, node_modules (npm ci)
	@scripts/fuxi setup

pg-stop:        ## stop the project-local PostgreSQL if a run left it running
	@scripts/fuxi pg-stop
