"""Backtest of fuxi_analytics' sales forecast against seasonal-naive ("same weekday last
week"): from 8 cut-off days a week apart, each model forecasts the next 14 days from the
history before the cut-off only; the script prints the mean absolute percentage error
(MAPE, over the days with visits) of both, for covers and revenue.

Usage (a database with fuxi_analytics installed: the demo database, or fuxi_bench):
    python bench/forecast_backtest.py -c ODOO_CONF -d DB [--last-day 2026-11-30]
        [--days 730] [--origins 8]
"""

import argparse
import sys
from datetime import date

import odoo
from odoo.modules.registry import Registry


def print_backtest(env, last_day=None, days=400, origins=8):
    """Prints and returns the backtest of both measures; True when the forecast wins both."""
    Forecast = env["fuxi.sales.forecast"]
    history = Forecast._history(last_day, days)
    result = Forecast._backtest(days=days, origins=origins, history=history)
    last_day, covers, _revenue = history
    print(
        f"backtest to {last_day}: {len(covers)} days of history, "
        f"{sum(1 for value in covers if value)} with visits, {origins} origins × 14 days"
    )
    print(f"{'measure':10} {'forecast MAPE':>14} {'seasonal-naive MAPE':>20} {'days':>6}")
    wins = True
    for measure, scores in result.items():

        def shown(value):
            return f"{value:.1f} %" if value is not False else "—"

        print(
            f"{measure:10} {shown(scores['forecast']):>14} {shown(scores['naive']):>20} "
            f"{scores['days']:>6}"
        )
        if scores["forecast"] is False or scores["naive"] is False:
            wins = False
        else:
            wins = wins and scores["forecast"] < scores["naive"]
    print("the forecast beats seasonal-naive on both" if wins else "the forecast does NOT win")
    return wins


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--last-day", type=date.fromisoformat, help="default: yesterday")
    parser.add_argument("--days", type=int, default=400, help="days of history read")
    parser.add_argument("--origins", type=int, default=8)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Asia/Shanghai"})
        wins = print_backtest(env, args.last_day, args.days, args.origins)
        cr.rollback()
    return 0 if wins else 1


if __name__ == "__main__":
    sys.exit(main())
