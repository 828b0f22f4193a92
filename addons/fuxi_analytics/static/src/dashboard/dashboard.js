import {
    Component,
    onMounted,
    onWillStart,
    onWillUnmount,
    useRef,
    useState,
} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {formatFloat} from "@web/core/utils/numbers";
import {loadBundle} from "@web/core/assets";
import {registry} from "@web/core/registry";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";
import {useService} from "@web/core/utils/hooks";

/** Money with the currency the server sends ({ symbol, position, digits }). */
export function formatMoney(amount, currency) {
    const digits = currency?.digits ?? 2;
    const value = formatFloat(amount || 0, {digits: [false, digits]});
    const symbol = currency?.symbol || "";
    return currency?.position === "after" ? `${value} ${symbol}` : `${symbol}${value}`;
}

/** "+12.5%" against last year, or "" when last year had nothing to compare with. */
export function formatChange(now, before) {
    if (!before) {
        return "";
    }
    const change = ((now - before) / before) * 100;
    return `${change >= 0 ? "+" : ""}${formatFloat(change, {digits: [false, 1]})}%`;
}

/**
 * 经营看板: this week or month so far against the same days last year, and the sales
 * forecast of the next 14 days drawn with the actuals (Chart.js, as Odoo's graph view).
 */
export class FuxiDashboard extends Component {
    static template = "fuxi_analytics.Dashboard";
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({
            period: "week",
            measure: "covers",
            data: null,
            forecast: null,
        });
        this.canvas = useRef("forecastChart");
        this.chart = null;
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
        onMounted(() => this.drawChart());
        onWillUnmount(() => this.chart?.destroy());
    }

    async load() {
        const [data, forecast] = await Promise.all([
            this.orm.call("fuxi.analytics.dashboard", "get_dashboard", [
                this.state.period,
            ]),
            this.state.forecast ||
                this.orm.call("fuxi.sales.forecast", "get_forecast", [14]),
        ]);
        this.state.data = data;
        this.state.forecast = forecast;
    }

    async setPeriod(period) {
        this.state.period = period;
        await this.load();
    }

    setMeasure(measure) {
        this.state.measure = measure;
        this.drawChart();
    }

    money(amount) {
        return formatMoney(amount, this.state.data?.currency);
    }

    change(now, before) {
        return formatChange(now, before);
    }

    changeClass(now, before) {
        if (!before || now === before) {
            return "text-muted";
        }
        return now > before ? "text-success" : "text-danger";
    }

    number(value, digits = 0) {
        return formatFloat(value || 0, {digits: [false, digits]});
    }

    get kpis() {
        const {current, last_year, guests, complaints} = this.state.data;
        const kpis = [
            {
                key: "revenue",
                label: _t("Revenue so far"),
                value: this.money(current.revenue),
                now: current.revenue,
                before: last_year.revenue,
                last: this.money(last_year.revenue),
            },
            {
                key: "covers",
                label: _t("Covers so far"),
                value: this.number(current.covers),
                now: current.covers,
                before: last_year.covers,
                last: this.number(last_year.covers),
            },
            {
                key: "average",
                label: _t("Spend per guest"),
                value: this.money(current.average_per_guest),
                now: current.average_per_guest,
                before: last_year.average_per_guest,
                last: this.money(last_year.average_per_guest),
            },
            {
                key: "new",
                label: _t("First-time guests"),
                value: this.number(guests.current.new),
                now: guests.current.new,
                before: guests.last_year.new,
                last: this.number(guests.last_year.new),
            },
            {
                key: "returning",
                label: _t("Returning guests"),
                value: this.number(guests.current.returning),
                now: guests.current.returning,
                before: guests.last_year.returning,
                last: this.number(guests.last_year.returning),
            },
        ];
        if (complaints.current) {
            kpis.push({
                key: "complaints",
                label: _t("Complaints per 100 visits"),
                value: this.number(complaints.current.per_100_visits, 1),
                // Fewer complaints is better: the colour is inverted in the template
                now: complaints.current.per_100_visits,
                before: complaints.last_year.per_100_visits,
                last: this.number(complaints.last_year.per_100_visits, 1),
                inverted: true,
            });
        }
        return kpis;
    }

    kpiClass(kpi) {
        const [now, before] = kpi.inverted
            ? [kpi.before, kpi.now]
            : [kpi.now, kpi.before];
        return this.changeClass(now, before);
    }

    get measureData() {
        return this.state.forecast.measures[this.state.measure];
    }

    get weekdays() {
        const names = [
            _t("Mon."),
            _t("Tue."),
            _t("Wed."),
            _t("Thu."),
            _t("Fri."),
            _t("Sat."),
            _t("Sun."),
        ];
        return this.measureData.weekday_factors.map((factor, index) => ({
            name: names[index],
            factor: this.number(factor, 2),
        }));
    }

    get holidayFactors() {
        return Object.entries(this.measureData.holiday_factors).map(
            ([name, factor]) => ({
                name,
                factor: this.number(factor, 2),
            })
        );
    }

    get backtest() {
        const result = this.state.forecast.backtest[this.state.measure];
        const fmt = (value) =>
            value === false || value === null || value === undefined
                ? "—"
                : `${this.number(value, 1)}%`;
        return {
            forecast: fmt(result.forecast),
            naive: fmt(result.naive),
            days: result.days,
        };
    }

    formatValue(value) {
        return this.state.measure === "revenue"
            ? this.money(value)
            : this.number(value);
    }

    drawChart() {
        if (!this.canvas.el || !this.state.forecast || !window.Chart) {
            return;
        }
        const data = this.measureData;
        const labels = [...data.history, ...data.forecast].map((point) =>
            point.date.slice(5)
        );
        const pad = (values, before) => [...Array(before).fill(null), ...values];
        const history = data.history.length;
        const config = {
            type: "line",
            data: {
                labels,
                datasets: [
                    {
                        label: _t("Actual"),
                        data: data.history.map((point) => point.value),
                        borderColor: "#1f77b4",
                        backgroundColor: "#1f77b4",
                        pointRadius: 1,
                    },
                    {
                        label: _t("Forecast"),
                        data: pad(
                            data.forecast.map((point) => point.value),
                            history
                        ),
                        borderColor: "#ff7f0e",
                        backgroundColor: "#ff7f0e",
                        borderDash: [6, 3],
                        pointRadius: 2,
                    },
                    {
                        label: _t("Interval (80%)"),
                        data: pad(
                            data.forecast.map((point) => point.high),
                            history
                        ),
                        borderColor: "rgba(255,127,14,0.2)",
                        backgroundColor: "rgba(255,127,14,0.15)",
                        pointRadius: 0,
                        fill: "+1",
                    },
                    {
                        label: "",
                        data: pad(
                            data.forecast.map((point) => point.low),
                            history
                        ),
                        borderColor: "rgba(255,127,14,0.2)",
                        pointRadius: 0,
                        fill: false,
                    },
                ],
            },
            options: {
                animation: false,
                maintainAspectRatio: false,
                plugins: {
                    legend: {labels: {filter: (item) => item.text}},
                },
                scales: {y: {beginAtZero: true}},
            },
        };
        this.chart?.destroy();
        this.chart = new window.Chart(this.canvas.el, config);
    }

    openReservation(id) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "fuxi.reservation",
            res_id: id,
            views: [[false, "form"]],
        });
    }

    async print() {
        const action = await this.orm.call("fuxi.analytics.dashboard", "action_print", [
            this.state.period,
        ]);
        await this.action.doAction(action);
    }
}

registry.category("actions").add("fuxi_analytics.dashboard", FuxiDashboard);
