from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.fuxi_tracking.wizard.fuxi_ranking import report_session

from .. import forecast

HISTORY_DAYS = 400  # a year and five weeks: each holiday of the coming weeks seen once before,
# with the weeks around it (a longer history costs a scan of more visits for little)
SHOWN_DAYS = 56  # actuals drawn before the forecast


class FuxiSalesForecast(models.AbstractModel):
    """销售预测: covers and revenue of the next days from the daily history (see forecast.py
    and the README for the method)."""

    _name = "fuxi.sales.forecast"
    _description = "Sales Forecast"

    @api.model
    def _tz(self):
        return pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "Asia/Shanghai")

    @api.model
    def _today(self):
        return fields.Date.context_today(self.with_context(tz=self._tz().zone))

    @api.model
    def _utc(self, day):
        """The start of the local ``day`` as naive UTC, as Odoo stores datetimes."""
        local = self._tz().localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _daily_series(self, date_from, date_to):
        """(covers, revenue): one value per local day from date_from to date_to (both
        included; days without visits are 0), over the visits the user may read."""
        Consumption = self.env["fuxi.consumption"]
        Consumption.flush_model(["date", "guest_count", "amount_total", "company_id"])
        buckets = self.env["fuxi.sales.day"]._fuxi_bucket_condition("s", self._tz().zone)
        if buckets is not None:
            # the stores' daily buckets (fuxi_sales_day.py): a few hundred rows, not the visits
            query = SQL(
                """
                SELECT s.day, SUM(s.covers), SUM(s.revenue)
                  FROM fuxi_sales_day s
                 WHERE s.day >= %(first)s AND s.day <= %(last)s AND %(buckets)s
                 GROUP BY s.day
                """,
                first=date_from,
                last=date_to,
                buckets=buckets,
            )
        else:
            query = SQL(
                """
                SELECT (c.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day,
                       SUM(c.guest_count), SUM(c.amount_total)
                  FROM fuxi_consumption c
                 WHERE c.date >= %(start)s AND c.date < %(end)s AND %(readable)s
                 GROUP BY 1
                """,
                tz=self._tz().zone,
                start=self._utc(date_from),
                end=self._utc(date_to + timedelta(days=1)),
                readable=Consumption._fuxi_readable_condition(SQL.identifier("c", "id")),
            )
        self.env.cr.execute(query)
        by_day = {day: (covers, revenue) for day, covers, revenue in self.env.cr.fetchall()}
        days = (date_to - date_from).days + 1
        covers, revenue = [], []
        for offset in range(days):
            value = by_day.get(date_from + timedelta(days=offset), (0, 0.0))
            covers.append(float(value[0] or 0))
            revenue.append(float(value[1] or 0.0))
        return covers, revenue

    @api.model
    def _history(self, last_day=None, days=HISTORY_DAYS):
        last_day = last_day or self._today() - timedelta(days=1)
        first_day = last_day - timedelta(days=days - 1)
        covers, revenue = self._daily_series(first_day, last_day)
        return last_day, covers, revenue

    @api.model
    def _compute_forecast(self, horizon=14, last_day=None, history=None):
        """The forecast of both measures, with what it learned, as plain values."""
        if not isinstance(horizon, int) or isinstance(horizon, bool) or not 1 <= horizon <= 60:
            raise UserError(self.env._("The forecast covers 1 to 60 days."))
        last_day, covers, revenue = history or self._history(last_day)
        Holiday = self.env["fuxi.holiday"]
        holidays, overrides = Holiday._days_by_kind(
            last_day - timedelta(days=len(covers)), last_day + timedelta(days=horizon)
        )
        names = {}
        for holiday in Holiday.search(
            [
                ("date_to", ">", last_day),
                ("date_from", "<=", last_day + timedelta(days=horizon)),
                ("company_id", "in", [*self.env.companies.ids, False]),
            ]
        ):
            day = holiday.date_from
            while day <= holiday.date_to:
                names[day] = holiday.name
                day += timedelta(days=1)
        kinds = dict(Holiday._fields["kind"]._description_selection(self.env))
        result = {"last_day": fields.Date.to_string(last_day), "horizon": horizon, "measures": {}}
        for measure, series in (("covers", covers), ("revenue", revenue)):
            model = forecast.Model(series, last_day, holidays, overrides)
            result["measures"][measure] = {
                "weekday_factors": [round(model.weekday_factors[w], 3) for w in range(7)],
                "trend_per_week": round(model.slope * 7, 2),
                "weekday_levels": [round(model.weekday_levels[w], 2) for w in range(7)],
                "interval": [round(model.interval[0], 3), round(model.interval[1], 3)],
                "holiday_factors": {
                    kinds.get(kind, kind): round(factor, 2)
                    for kind, factor in sorted(model.holiday_factors.items())
                },
                "history": [
                    {
                        "date": fields.Date.to_string(
                            last_day - timedelta(days=SHOWN_DAYS - 1 - i)
                        ),
                        "value": round(value, 2),
                    }
                    for i, value in enumerate(series[-SHOWN_DAYS:])
                ],
                "forecast": [
                    {
                        "date": fields.Date.to_string(day),
                        "value": round(value, 2),
                        "low": round(low, 2),
                        "high": round(high, 2),
                        "holiday": names.get(day, ""),
                    }
                    for day, value, low, high in model.predict(horizon)
                ],
            }
        return result

    @api.model
    def _backtest(self, last_day=None, days=HISTORY_DAYS, horizon=14, origins=8, history=None):
        """MAPE of the forecast and of seasonal-naive ("same weekday last week") on the
        history, per measure (see forecast.backtest)."""
        last_day, covers, revenue = history or self._history(last_day, days)
        holidays, overrides = self.env["fuxi.holiday"]._days_by_kind(
            last_day - timedelta(days=len(covers)), last_day
        )
        result = {}
        for measure, series in (("covers", covers), ("revenue", revenue)):
            scores = forecast.backtest(series, last_day, holidays, overrides, horizon, origins)
            # RPC answers carry no None: an error that cannot be computed is False
            result[measure] = {
                key: (False if value is None else value) for key, value in scores.items()
            }
        return result

    # readonly: served from the read replica when there is one (it only reads)
    @api.readonly
    @api.model
    def get_forecast(self, horizon=14):
        """RPC verb of the dashboard: the next ``horizon`` days of covers and revenue with
        their interval, the actuals before them, the learned pattern and the backtest."""
        self.env["fuxi.consumption"].check_access("read")
        report_session(self.env.cr)
        history = self._history()
        result = self._compute_forecast(horizon, history=history)
        result["backtest"] = self._backtest(history=history)
        return result
