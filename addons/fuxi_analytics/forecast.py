"""The sales forecast's arithmetic, kept free of Odoo so it can be read, tested and
back-tested on its own (see the README, "Sales forecast", for the method in words).

A series is a list of daily values (covers or revenue) for consecutive days ending on
``last_day``. Holidays are a mapping {date: key}: the days of one holiday (e.g. every day of
the Spring Festival break, of any year) share a key and so share one learned effect.
"""

from datetime import timedelta
from statistics import fmean, median

WINDOW_DAYS = 84  # twelve weeks: enough for a stable weekday pattern, recent enough for trend
NEIGHBOUR_DAYS = 28  # a past holiday is compared with the same weekdays four weeks around it
INTERVAL = (0.1, 0.9)  # an 80 % interval from the spread of past errors


def _quantile(values, q):
    ordered = sorted(values)
    if not ordered:
        return 1.0
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class Model:
    """A fitted forecast: weekday factors × a linear level (trend) × holiday factors."""

    def __init__(self, series, last_day, holidays=None, overrides=None, window=WINDOW_DAYS):
        self.series = list(series)
        self.last_day = last_day
        self.first_day = last_day - timedelta(days=len(self.series) - 1)
        self.holidays = holidays or {}
        self.overrides = overrides or {}
        self.window = window
        self._days = [self.first_day + timedelta(days=i) for i in range(len(self.series))]
        self._keys = [self.holidays.get(day) for day in self._days]
        self._fit()

    def day(self, index):
        if 0 <= index < len(self._days):
            return self._days[index]
        return self.first_day + timedelta(days=index)

    def _ordinary(self, index):
        return self._keys[index] is None

    def _fit(self):
        n = len(self.series)
        start = max(0, n - self.window)
        window = [i for i in range(start, n) if self._ordinary(i)]
        # 1. trend: a least-squares line through the daily averages of the window's weeks
        #    (whole weeks: the weekday pattern does not tilt it)
        weeks = []
        for end in range(n, start + 6, -7):
            days = [self.series[i] for i in range(end - 7, end) if self._ordinary(i)]
            if len(days) >= 5:
                weeks.append(((end - 4), fmean(days)))
        self.centre = fmean(i for i in window) if window else n - 1
        if len(weeks) >= 4:
            mean_x = fmean(x for x, _y in weeks)
            mean_y = fmean(y for _x, y in weeks)
            sxx = sum((x - mean_x) ** 2 for x, _y in weeks)
            slope = sum((x - mean_x) * (y - mean_y) for x, y in weeks) / sxx if sxx else 0.0
            self.intercept, self.slope = mean_y - slope * mean_x, slope
        else:
            self.intercept, self.slope = fmean(y for _x, y in weeks) if weeks else 0.0, 0.0
        # 2. weekday level: the median of each weekday over the ordinary days of the window,
        #    each day first moved along the trend to the window's centre (a median: one
        #    banquet does not make every Saturday a banquet)
        by_weekday = {w: [] for w in range(7)}
        for i in window:
            trend = self._trend(i)
            by_weekday[self.day(i).weekday()].append(self.series[i] / trend if trend else 0.0)
        self.weekday_levels = {w: median(v) if v else 0.0 for w, v in by_weekday.items()}
        # what a weekday whose median is nothing may still bring (quiet days of a quiet shop)
        self.weekday_highs = {
            w: _quantile(v, INTERVAL[1]) if v else 0.0 for w, v in by_weekday.items()
        }
        overall = fmean(self.weekday_levels.values())
        self.weekday_factors = {
            w: (level / overall if overall else 1.0) for w, level in self.weekday_levels.items()
        }
        # 3. holiday effects: actual ÷ what an ordinary day of that weekday nearby gave
        ratios = {}
        for i, value in enumerate(self.series):
            key = self._keys[i]
            if key is None:
                continue
            baseline = self._neighbour_median(i)
            if baseline:
                actual, expected = ratios.get(key, (0.0, 0.0))
                ratios[key] = (actual + value, expected + baseline)
        self.holiday_factors = {key: a / e for key, (a, e) in ratios.items() if e}
        self.holiday_factors.update({k: f for k, f in self.overrides.items() if f and f > 0})
        # 4. interval: the spread of actual ÷ fitted over the window's ordinary days
        errors = [self.series[i] / fitted for i in window if (fitted := self._base(i)) > 0]
        self.interval = (_quantile(errors, INTERVAL[0]), _quantile(errors, INTERVAL[1]))

    def _neighbour_median(self, index):
        weekday = self.day(index).weekday()
        values = [
            self.series[j]
            for j in range(
                max(0, index - NEIGHBOUR_DAYS), min(len(self.series), index + NEIGHBOUR_DAYS + 1)
            )
            if j != index and self._ordinary(j) and self.day(j).weekday() == weekday
        ]
        return median(values) if values else 0.0

    def _trend(self, index):
        """How much higher (or lower) the line is at ``index`` than at the window's centre."""
        centre = self.intercept + self.slope * self.centre
        if centre <= 0:
            return 1.0
        # at most halved or doubled: two weeks ahead, a steeper line is noise, not trend
        return min(2.0, max(0.5, (self.intercept + self.slope * index) / centre))

    def _base(self, index):
        return self.weekday_levels[self.day(index).weekday()] * self._trend(index)

    def holiday_factor(self, day):
        key = self.holidays.get(day)
        return self.holiday_factors.get(key, 1.0) if key is not None else 1.0

    def predict(self, horizon):
        """[(day, forecast, low, high)] for the ``horizon`` days after the last known one."""
        n = len(self.series)
        result = []
        for h in range(1, horizon + 1):
            day = self.last_day + timedelta(days=h)
            value = self._base(n - 1 + h) * self.holiday_factor(day)
            if value > 0:
                low, high = value * self.interval[0], value * self.interval[1]
            else:
                low, high = 0.0, self.weekday_highs[day.weekday()] * self.holiday_factor(day)
            result.append((day, value, low, high))
        return result


def seasonal_naive(series, horizon):
    """The baseline: each day as the same weekday of the last known week."""
    n = len(series)
    return [series[n - 1 + h - 7 * ((h + 6) // 7)] for h in range(1, horizon + 1)]


def mape(actuals, forecasts):
    """Mean absolute percentage error over the days with an actual above zero (a closed or
    empty day has no percentage error), or None when there is none."""
    errors = [abs(f - a) / a for a, f in zip(actuals, forecasts, strict=True) if a > 0]
    return 100.0 * fmean(errors) if errors else None


def backtest(series, last_day, holidays=None, overrides=None, horizon=14, origins=8, step=7):
    """Rolling-origin backtest: from each of ``origins`` cut-off days (``step`` days apart,
    the last one ``horizon`` days before the end), forecast the next ``horizon`` days from
    the history before the cut-off only, with both methods. Returns
    {"forecast": MAPE, "naive": MAPE, "origins": number used, "days": days compared}."""
    actual_all, forecast_all, naive_all = [], [], []
    used = 0
    n = len(series)
    for k in range(origins):
        cut = n - horizon - k * step  # number of days known at the cut-off
        if cut < 28:
            break
        known = series[:cut]
        cut_day = last_day - timedelta(days=n - cut)
        model = Model(known, cut_day, holidays, overrides)
        actual = series[cut : cut + horizon]
        actual_all += actual
        forecast_all += [value for _day, value, _low, _high in model.predict(horizon)]
        naive_all += seasonal_naive(known, horizon)
        used += 1
    return {
        "forecast": mape(actual_all, forecast_all),
        "naive": mape(actual_all, naive_all),
        "origins": used,
        "days": sum(1 for a in actual_all if a > 0),
    }
