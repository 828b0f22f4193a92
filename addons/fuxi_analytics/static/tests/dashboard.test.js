import {
    FuxiDashboard,
    formatChange,
    formatMoney,
} from "@fuxi_analytics/dashboard/dashboard";
import {
    contains,
    makeMockEnv,
    mountWithCleanup,
    onRpc,
    preloadBundle,
} from "@web/../tests/web_test_helpers";
import {describe, expect, test} from "@odoo/hoot";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";

describe.current.tags("desktop");
defineMailModels();
preloadBundle("web.chartjs_lib");

const CURRENCY = {id: 1, symbol: "¥", position: "before", digits: 2};

function dashboard(period) {
    const week = period === "week";
    return {
        period,
        dates: {
            current: week ? ["2026-06-15", "2026-06-17"] : ["2026-06-01", "2026-06-17"],
            last_year: ["2025-06-16", "2025-06-18"],
            previous: ["2026-06-12", "2026-06-14"],
        },
        currency: CURRENCY,
        company: "伏羲酒家",
        current: {
            visits: 4,
            covers: 10,
            revenue: week ? 526 : 818,
            average_per_guest: 52.6,
            guests: 3,
        },
        last_year: {
            visits: 1,
            covers: 2,
            revenue: 88,
            average_per_guest: 44,
            guests: 1,
        },
        guests: {current: {new: 1, returning: 2}, last_year: {new: 1, returning: 0}},
        segments: {
            up: 1,
            down: 1,
            moves: [{from: "一般保持客户", to: "一般挽留客户", count: 1}],
        },
        complaints: {
            current: {count: 1, per_100_visits: 25},
            last_year: {count: 0, per_100_visits: 0},
        },
        dishes: {
            top: [
                {
                    product_id: 1,
                    name: "西湖醋鱼",
                    quantity: 2,
                    amount: 176,
                    last_year: 1,
                },
            ],
            falling: [{product_id: 2, name: "东坡肉", before: 3, now: 1}],
        },
        reservations: {
            days: 7,
            count: 1,
            guests: 6,
            next: [
                {
                    id: 5,
                    start: "06-18 18:00",
                    name: "生日宴 · 周文华 (6)",
                    room: "听涛阁",
                },
            ],
        },
    };
}

function measure(value) {
    return {
        weekday_factors: [0.5, 0.6, 0.7, 0.8, 1.2, 1.7, 1.5],
        weekday_levels: [6, 7, 8, 9, 14, 20, 18],
        trend_per_week: 0.5,
        interval: [0.9, 1.1],
        holiday_factors: {春节: 1.8},
        history: [{date: "2026-06-16", value}],
        forecast: [
            {
                date: "2026-06-17",
                value,
                low: value * 0.9,
                high: value * 1.1,
                holiday: "",
            },
            {
                date: "2026-06-18",
                value,
                low: value * 0.9,
                high: value * 1.1,
                holiday: "端午节",
            },
        ],
    };
}

const FORECAST = {
    last_day: "2026-06-16",
    horizon: 2,
    measures: {covers: measure(10), revenue: measure(1000)},
    backtest: {
        covers: {forecast: 8.1, naive: 11.1, origins: 8, days: 112},
        revenue: {forecast: 9.4, naive: false, origins: 8, days: 112},
    },
};

test("money and changes are formatted for the manager", async () => {
    // The number formats come from the localization, set up with an environment
    await makeMockEnv();
    expect(formatMoney(526, CURRENCY)).toBe("¥526.00");
    expect(formatMoney(5, {...CURRENCY, position: "after"})).toBe("5.00 ¥");
    expect(formatChange(526, 88)).toBe("+497.7%");
    expect(formatChange(1, 2)).toBe("-50.0%");
    expect(formatChange(3, 0)).toBe("");
});

test("the dashboard shows the figures, switches period and measure", async () => {
    const periods = [];
    onRpc("fuxi.analytics.dashboard", "get_dashboard", ({args}) => {
        periods.push(args[0]);
        return dashboard(args[0]);
    });
    onRpc("fuxi.sales.forecast", "get_forecast", () => FORECAST);
    await mountWithCleanup(FuxiDashboard, {props: {action: {}}});
    expect(periods).toEqual(["week"]);
    expect(".o_fuxi_kpi_revenue .o_fuxi_kpi_value").toHaveText("¥526.00");
    expect(".o_fuxi_kpi_revenue").toHaveText(/\+497\.7%/);
    expect(".o_fuxi_kpi_complaints .o_fuxi_kpi_value").toHaveText("25.0");
    expect(".o_fuxi_top_dishes").toHaveText(/西湖醋鱼/);
    expect(".o_fuxi_falling_dishes").toHaveText(/东坡肉\s*3 → 1/);
    expect(".o_fuxi_segment_moves").toHaveText(/一般保持客户 → 一般挽留客户/);
    expect(".o_fuxi_reservations_ahead").toHaveText(/生日宴 · 周文华/);
    expect(".o_fuxi_forecast_table tr").toHaveCount(2);
    expect(".o_fuxi_forecast_table").toHaveText(/端午节/);
    expect(".o_fuxi_backtest").toHaveText(/8\.1%.*11\.1%/);
    expect("canvas").toHaveCount(1);

    await contains(".o_fuxi_period_month").click();
    expect(periods).toEqual(["week", "month"]);
    expect(".o_fuxi_kpi_revenue .o_fuxi_kpi_value").toHaveText("¥818.00");

    await contains(".o_fuxi_measure_revenue").click();
    expect(".o_fuxi_forecast_table").toHaveText(/¥1,000\.00/);
    // A backtest error that could not be computed shows as a dash
    expect(".o_fuxi_backtest").toHaveText(/9\.4%.*—/);
});
