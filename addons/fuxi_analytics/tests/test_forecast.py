import json
import random
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import BaseCase, freeze_time

from .. import forecast
from .common import FuxiDashboardCase

# a restaurant's week: quiet on Monday, full at the weekend (Monday first)
PATTERN = [60, 70, 80, 90, 140, 200, 180]
LAST_DAY = date(2026, 6, 28)  # a Sunday


def constructed_history(days=140, noise=0.1, trend=0.002, seed=1):
    """``days`` days ending on LAST_DAY: the weekly pattern, a slow rise and ±noise."""
    rng = random.Random(seed)
    first = LAST_DAY - timedelta(days=days - 1)
    return [
        PATTERN[(first + timedelta(days=i)).weekday()] * (1 + trend * i) * rng.gauss(1, noise)
        for i in range(days)
    ]


class TestForecastMethod(BaseCase):
    """The arithmetic of forecast.py on constructed histories."""

    def test_finds_the_weekly_pattern(self):
        model = forecast.Model(constructed_history(), LAST_DAY)
        mean = sum(PATTERN) / 7
        # each weekday's factor within 10 % of the truth (12 noisy weeks: the median of
        # twelve days with ±10 % noise is itself ±4 % or so) and the weekdays in their order
        for weekday, value in enumerate(PATTERN):
            self.assertAlmostEqual(
                model.weekday_factors[weekday] / (value / mean), 1.0, delta=0.1, msg=weekday
            )
        found = sorted(range(7), key=lambda w: model.weekday_factors[w])
        self.assertEqual(found, sorted(range(7), key=lambda w: PATTERN[w]))
        # the rise of 0.2 % a day is found as a positive trend (about 0.2 × 117 a day)
        self.assertGreater(model.slope, 0.1)
        self.assertLess(model.slope, 0.4)
        # Saturday is forecast the busiest day, Monday the quietest
        days = model.predict(14)
        self.assertEqual(max(days[:7], key=lambda d: d[1])[0].weekday(), 5)
        self.assertEqual(min(days[:7], key=lambda d: d[1])[0].weekday(), 0)
        for _day, value, low, high in days:
            self.assertLess(low, value)
            self.assertLess(value, high)

    def test_beats_seasonal_naive_on_mape(self):
        result = forecast.backtest(constructed_history(), LAST_DAY)
        self.assertEqual(result["origins"], 8)
        self.assertEqual(result["days"], 8 * 14)
        self.assertLess(result["forecast"], result["naive"])
        # with 10 % noise: the naive method carries two days' noise, the forecast about one
        self.assertLess(result["forecast"], 10)
        self.assertGreater(result["naive"], 10)

    def test_interval_covers_about_eighty_percent(self):
        series = constructed_history(days=238)
        model = forecast.Model(series[:-14], LAST_DAY - timedelta(days=14))
        inside = sum(
            low <= actual <= high
            for (_day, _value, low, high), actual in zip(
                model.predict(14), series[-14:], strict=True
            )
        )
        self.assertGreaterEqual(inside, 9)

    def test_holiday_effect_learned_from_last_year(self):
        series = constructed_history(days=420)
        first = LAST_DAY - timedelta(days=419)
        # last year's festival (three days) sold twice an ordinary day's
        festival = [first + timedelta(days=100 + i) for i in range(3)]
        for day in festival:
            series[(day - first).days] *= 2
        coming = [LAST_DAY + timedelta(days=3 + i) for i in range(3)]
        holidays = dict.fromkeys(festival + coming, "spring_festival")
        model = forecast.Model(series, LAST_DAY, holidays)
        self.assertAlmostEqual(model.holiday_factors["spring_festival"], 2.0, delta=0.25)
        plain = forecast.Model(series, LAST_DAY, dict.fromkeys(festival, "spring_festival"))
        with_holiday, without = model.predict(7), plain.predict(7)
        self.assertAlmostEqual(
            with_holiday[3][1] / without[3][1], model.holiday_factors["spring_festival"]
        )
        self.assertAlmostEqual(with_holiday[0][1], without[0][1])
        # the manager's fixed effect wins over the learned one
        fixed = forecast.Model(series, LAST_DAY, holidays, {"spring_festival": 0.5})
        self.assertAlmostEqual(fixed.predict(7)[3][1], without[3][1] * 0.5)

    def test_seasonal_naive_and_mape(self):
        series = list(range(1, 15))  # two weeks: 1..7, 8..14
        self.assertEqual(forecast.seasonal_naive(series, 9), [8, 9, 10, 11, 12, 13, 14, 8, 9])
        self.assertAlmostEqual(forecast.mape([100, 0, 50], [110, 5, 40]), 15.0)
        self.assertIsNone(forecast.mape([0, 0], [1, 2]))


class TestForecastFromVisits(FuxiDashboardCase):
    """The forecast read from consumption records, the holiday table and the rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 12 weeks to 2026-06-28 (a Sunday): guests by weekday from PATTERN ÷ 10, ¥100 each
        rng = random.Random(3)
        vals = []
        first = LAST_DAY - timedelta(days=83)
        for i in range(84):
            day = first + timedelta(days=i)
            guests = max(1, round(PATTERN[day.weekday()] / 10 * rng.gauss(1, 0.08)))
            vals.append(
                {
                    "partner_id": cls.zhou.id,
                    "date": f"{day} 04:00:00",
                    "guest_count": guests,
                    "line_ids": [
                        (0, 0, {"product_id": cls.fish.id, "price_unit": 100, "quantity": guests})
                    ],
                }
            )
        cls.env["fuxi.consumption"].create(vals)
        cls.branch = cls.env["res.company"].create({"name": "伏羲二店"})
        # another store's visits are not this store's history
        cls.env["fuxi.consumption"].create(
            {
                "partner_id": cls.zhou.id,
                "date": "2026-06-27 04:00:00",
                "guest_count": 500,
                "company_id": cls.branch.id,
                "line_ids": [(0, 0, {"product_id": cls.fish.id, "quantity": 1})],
            }
        )
        cls.env["fuxi.holiday"].search([]).active = False

    def test_daily_series_and_pattern(self):
        Forecast = self.env["fuxi.sales.forecast"].with_user(self.viewer)
        covers, revenue = Forecast._daily_series(date(2026, 6, 22), LAST_DAY)
        self.assertEqual(len(covers), 7)
        self.assertEqual(revenue, [c * 100 for c in covers])
        self.assertLess(covers[5], 40, "the branch's 500 guests are not counted")
        result = Forecast._compute_forecast(14, last_day=LAST_DAY)
        factors = result["measures"]["covers"]["weekday_factors"]
        mean = sum(PATTERN) / 7
        for weekday, value in enumerate(PATTERN):
            self.assertAlmostEqual(factors[weekday], value / mean, delta=0.1)
        days = result["measures"]["covers"]["forecast"]
        self.assertEqual(len(days), 14)
        self.assertEqual(days[0]["date"], "2026-06-29")
        self.assertEqual(len(result["measures"]["covers"]["history"]), 56)
        backtest = Forecast._backtest(last_day=LAST_DAY, days=84)
        for measure in ("covers", "revenue"):
            self.assertLess(backtest[measure]["forecast"], backtest[measure]["naive"], measure)

    def test_holiday_table_changes_the_forecast(self):
        Forecast = self.env["fuxi.sales.forecast"].with_user(self.manager)
        before = Forecast._compute_forecast(14, last_day=LAST_DAY)["measures"]["covers"]
        self.env["fuxi.holiday"].with_user(self.manager).create(
            {
                "name": "店庆",
                "kind": "other",
                "date_from": "2026-07-01",
                "date_to": "2026-07-01",
                "factor": 2.0,
            }
        )
        after = Forecast._compute_forecast(14, last_day=LAST_DAY)["measures"]["covers"]
        self.assertAlmostEqual(after["forecast"][2]["value"], 2 * before["forecast"][2]["value"], 1)
        self.assertEqual(after["forecast"][2]["holiday"], "店庆")
        self.assertEqual(after["forecast"][1]["value"], before["forecast"][1]["value"])

    def test_rights_and_refusals(self):
        Holiday = self.env["fuxi.holiday"]
        with self.assertRaises(AccessError):
            Holiday.with_user(self.viewer).create(
                {"name": "x", "date_from": "2026-07-01", "date_to": "2026-07-01"}
            )
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            Holiday.create({"name": "倒置", "date_from": "2026-07-02", "date_to": "2026-07-01"})
        with self.assertRaisesRegex(UserError, "1 to 60 days"):
            self.env["fuxi.sales.forecast"]._compute_forecast(0)
        outsider = self.env["res.users"].create({"name": "外人", "login": "an_outsider"})
        with self.assertRaises(AccessError):
            self.env["fuxi.sales.forecast"].with_user(outsider).get_forecast()
        # a branch's holiday is not the main store's
        Holiday.create(
            {
                "name": "二店店庆",
                "date_from": "2026-07-03",
                "date_to": "2026-07-03",
                "company_id": self.branch.id,
            }
        )
        self.assertFalse(Holiday.with_user(self.viewer).search([("name", "=", "二店店庆")]))

    def test_seeded_holidays(self):
        Holiday = self.env["fuxi.holiday"].with_context(active_test=False)
        festivals = Holiday.search([("kind", "=", "spring_festival")])
        self.assertEqual(
            sorted(festivals.mapped("date_from"))[:4],
            [date(2024, 2, 10), date(2025, 1, 28), date(2026, 2, 15), date(2027, 2, 5)],
        )

    @freeze_time("2026-06-29 02:00:00")
    def test_get_forecast_plain_values(self):
        result = self.env["fuxi.sales.forecast"].with_user(self.viewer).get_forecast(14)
        json.dumps(result)  # plain values only
        self.assertEqual(result["last_day"], "2026-06-28")
        self.assertIn("forecast", result["backtest"]["covers"])
