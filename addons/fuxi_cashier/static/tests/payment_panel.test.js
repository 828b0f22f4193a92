import {describe, expect, test} from "@odoo/hoot";
import {click, edit, queryAllTexts} from "@odoo/hoot-dom";
import {animationFrame} from "@odoo/hoot-mock";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {
    makeMockEnv,
    mockService,
    mountWithCleanup,
    onRpc,
} from "@web/../tests/web_test_helpers";
import {
    cashChange,
    defaultAmount,
    paymentProblem,
    pressKey,
    quickTenders,
} from "@fuxi_cashier/payment/cashier_utils";
import {PaymentPanel} from "@fuxi_cashier/payment/payment_panel";
import {FrontDesk} from "@fuxi_frontdesk/frontdesk/frontdesk";
import {ConnectionLostError} from "@web/core/network/rpc";
import {
    CURRENCY,
    MEMBER,
    METHODS,
    ORDER,
    defineCashierCurrency,
    makeBill,
    panelProps,
} from "@fuxi_cashier/../tests/helpers/cashier_fixture";

describe.current.tags("desktop");
defineMailModels();
defineCashierCurrency();

function keys(entry, ...pressed) {
    return pressed.reduce((text, key) => pressKey(text, key), entry);
}

test("keypad: digits, one point, two decimals, no leading zeros, back and clear", () => {
    expect(keys("", "0", "0", "5")).toBe("5");
    expect(keys("", "00")).toBe("0");
    expect(keys("", ".", "5")).toBe("0.5");
    expect(keys("", "1", "2", ".", "3", "4", "5")).toBe("12.34");
    expect(keys("", "1", ".", ".", "2")).toBe("1.2");
    expect(keys("", "3", "00")).toBe("300");
    expect(keys("300", "back")).toBe("30");
    expect(keys("300", "clear")).toBe("");
    expect(keys("", "back")).toBe("");
    expect(keys("1234567", "8")).toBe("1234567");
    // a currency without decimals (e.g. yen) takes no point
    expect(pressKey("12", ".", 0)).toBe("12");
});

test("cash: tendered → applied and change to the fen, or what is still missing", () => {
    expect(cashChange(287.5, 300)).toEqual({applied: 287.5, change: 12.5, short: 0});
    // float sums that are not exact in binary still give fen-exact change
    expect(cashChange(0.1 + 0.2, 1)).toEqual({applied: 0.3, change: 0.7, short: 0});
    expect(cashChange(99.99, 100)).toEqual({applied: 99.99, change: 0.01, short: 0});
    expect(cashChange(287.5, 100)).toEqual({applied: 100, change: 0, short: 187.5});
    expect(cashChange(50, 50)).toEqual({applied: 50, change: 0, short: 0});
    expect(cashChange(0, 20)).toEqual({applied: 0, change: 20, short: 0});
});

test("cash: one-tap amounts are the exact sum and the next round notes", () => {
    expect(quickTenders(287.5)).toEqual([287.5, 290, 300, 400]);
    expect(quickTenders(300)).toEqual([300, 400]);
    expect(quickTenders(41)).toEqual([41, 50, 100, 200]);
    expect(quickTenders(0)).toEqual([]);
});

test("payment checks: zero, over the due by card, stored value and reference", async () => {
    // the sentences are translated terms: they need the translations loaded
    await makeMockEnv();
    const [cash, wechat, stored, sign] = METHODS;
    const bill = {due: 287.5, member: MEMBER};
    const problem = (method, amount, reference = "") =>
        paymentProblem({method, amount, reference, bill});
    expect(problem(cash, 0)).toMatch(/above zero/);
    expect(problem(cash, 300)).toBe("");
    expect(problem(wechat, 300, "4200001")).toMatch(/Only cash/);
    expect(problem(wechat, 87.5)).toMatch(/transaction number/);
    expect(problem(wechat, 87.5, "4200001")).toBe("");
    expect(problem(stored, 250)).toMatch(/not enough/);
    expect(problem(stored, 200)).toBe("");
    expect(problem(sign, 10)).toMatch(/may not sign/);
    expect(
        paymentProblem({method: stored, amount: 10, bill: {due: 50, member: false}})
    ).toMatch(/Identify the member/);
    expect(paymentProblem({method: cash, amount: 10, bill: {due: 0}})).toMatch(
        /Nothing/
    );
    // what the amount starts with: the balance for stored value, the due for a wallet
    expect(defaultAmount(stored, bill)).toBe("200");
    expect(defaultAmount(wechat, bill)).toBe("287.5");
    expect(defaultAmount(cash, bill)).toBe("");
});

test("panel: rules line by line, stored value then cash with change, remove, one settle", async () => {
    const calls = [];
    onRpc("fuxi.frontdesk.order", "cashier_bill", () => makeBill());
    // the payments entered are sent with the close, in one request
    onRpc("fuxi.frontdesk.order", "cashier_settle", ({args, kwargs}) => {
        calls.push([
            "settle",
            args[1],
            kwargs.member_id,
            kwargs.due,
            args[2].length >= 8,
        ]);
        const payments = args[1].map((payment, index) => ({
            id: index + 1,
            method: METHODS.find((m) => m.id === payment.method_id).name,
            amount: payment.amount,
            tendered: payment.tendered || payment.amount,
            change: payment.tendered
                ? Math.round((payment.tendered - payment.amount) * 100) / 100
                : 0,
        }));
        return {
            bill: makeBill(payments, {
                state: "paid",
                member: {...MEMBER, balance: 0},
            }),
            receipt_url: "/report/pdf/fuxi_cashier.receipt/5",
        };
    });
    onRpc("fuxi.frontdesk.order", "cashier_pay", () => {
        calls.push(["pay"]);
    });
    onRpc("fuxi.frontdesk.order", "cashier_close", () => {
        calls.push(["close"]);
    });
    const receipts = [];
    const closed = [];
    await mountWithCleanup(PaymentPanel, {
        props: {
            order: ORDER,
            currencyId: CURRENCY,
            onCancel: () => undefined,
            onClosed: (result) => closed.push(result),
            onReceipt: (url) => receipts.push(url),
        },
    });
    expect(queryAllTexts(".o_fuxi_cashier_rule_name")).toEqual([
        "会员价 VIP 9折",
        "抹零",
    ]);
    expect(".o_fuxi_cashier_total").toHaveText("¥ 291.50");
    expect(".o_fuxi_cashier_line:has(.o_fuxi_cashier_no_discount)").toHaveText(
        /青岛啤酒/
    );
    expect(".o_fuxi_cashier_member_balance").toHaveText(/200\.00/);
    // a wallet needs its transaction number before it can be recorded
    await click(".o_fuxi_cashier_method[data-kind='wechat']");
    await animationFrame();
    expect(".o_fuxi_cashier_amount").toHaveText("¥ 291.50");
    expect(".o_fuxi_cashier_pay_button").not.toBeEnabled();
    await click(".o_fuxi_cashier_method[data-kind='stored_value']");
    await animationFrame();
    expect(".o_fuxi_cashier_amount").toHaveText("¥ 200.00");
    await click(".o_fuxi_cashier_pay_button");
    await animationFrame();
    expect(".o_fuxi_cashier_due").toHaveText("¥ 91.50");
    expect(".o_fuxi_cashier_payment_staged").toHaveCount(1);
    // the card's 200 are entered: stored value cannot take more of it
    await click(".o_fuxi_cashier_method[data-kind='cash']");
    await animationFrame();
    await click(".o_fuxi_cashier_method[data-kind='stored_value']");
    await animationFrame();
    expect(".o_fuxi_cashier_amount").toHaveText("—");
    // cash: the guest hands over 100 (typed on the keypad), the panel shows the change
    await click(".o_fuxi_cashier_method[data-kind='cash']");
    await animationFrame();
    for (const key of ["1", "0", "0"]) {
        await click(`.o_fuxi_key[data-key='${key}']`);
    }
    await animationFrame();
    expect(".o_fuxi_cashier_change").toHaveText("¥ 8.50");
    await click(".o_fuxi_cashier_pay_button");
    await animationFrame();
    expect(".o_fuxi_cashier_bill_change").toHaveText("¥ 8.50");
    expect(".o_fuxi_cashier_payment").toHaveCount(2);
    // the cash was wrong: remove it (nothing was sent), enter it again with a one-tap amount
    await click(".o_fuxi_cashier_payment:last .o_fuxi_cashier_payment_remove");
    await animationFrame();
    expect(".o_fuxi_cashier_due").toHaveText("¥ 91.50");
    expect(".o_fuxi_cashier_payment").toHaveCount(1);
    await click(".o_fuxi_cashier_tender:contains(100.00)");
    await animationFrame();
    await click(".o_fuxi_cashier_pay_button");
    await animationFrame();
    expect(".o_fuxi_cashier_pay_button").toHaveCount(0);
    expect(calls).toEqual([]);
    await click(".o_fuxi_cashier_close");
    await animationFrame();
    expect(".o_fuxi_cashier_closed_change").toHaveText("¥ 8.50");
    expect(".o_fuxi_cashier_balance").toHaveText("¥ 0.00");
    expect(receipts).toEqual(["/report/pdf/fuxi_cashier.receipt/5"]);
    await click(".o_fuxi_cashier_done");
    expect(closed).toHaveLength(1);
    expect(calls).toEqual([
        [
            "settle",
            [
                {method_id: 5, amount: 200, tendered: false, reference: false},
                {method_id: 1, amount: 91.5, tendered: 100, reference: false},
            ],
            MEMBER.id,
            291.5,
            true,
        ],
    ]);
});

test("panel: a lost answer is retried with its client id; a refusal is shown", async () => {
    const clientIds = [];
    const answers = ["lost", "refused", "ok"];
    // the mock server turns any error into a server error: the network loss is the orm's
    mockService("orm", {
        async call(model, method, args) {
            if (method === "cashier_bill") {
                return makeBill();
            }
            clientIds.push(args[2]);
            const answer = answers.shift();
            if (answer === "lost") {
                throw new ConnectionLostError("/web/dataset/call_kw");
            }
            if (answer === "refused") {
                throw Object.assign(new Error("refused"), {
                    data: {
                        message:
                            "The business day is closed: a manager must reopen it.",
                    },
                });
            }
            return {
                bill: makeBill(
                    [
                        {
                            id: 1,
                            method: "现金",
                            amount: 291.5,
                            tendered: 300,
                            change: 8.5,
                        },
                    ],
                    {state: "paid"}
                ),
                receipt_url: "/report/pdf/fuxi_cashier.receipt/5",
            };
        },
    });
    await mountWithCleanup(PaymentPanel, {
        props: panelProps(),
    });
    await click(".o_fuxi_cashier_tender:contains(300.00)");
    await animationFrame();
    await click(".o_fuxi_cashier_pay_button");
    await animationFrame();
    await click(".o_fuxi_cashier_close");
    await animationFrame();
    expect(".o_fuxi_cashier_error").toHaveText(/cannot be reached/);
    expect(".o_fuxi_cashier_payment_staged").toHaveCount(1);
    await click(".o_fuxi_cashier_close");
    await animationFrame();
    expect(".o_fuxi_cashier_error").toHaveText(/business day is closed/);
    // the same payments after a refusal are a new request
    await click(".o_fuxi_cashier_close");
    await animationFrame();
    expect(".o_fuxi_cashier_error").toHaveCount(0);
    expect(".o_fuxi_cashier_closed").toHaveCount(1);
    expect(clientIds[0]).toBe(clientIds[1]);
    expect(clientIds[2]).not.toBe(clientIds[1]);
});

test("panel: member by search, a manual discount with its reason, a top-up", async () => {
    let member = false;
    let discount = 0;
    const calls = [];
    onRpc("fuxi.frontdesk.order", "cashier_bill", () =>
        makeBill([], {member, discount})
    );
    onRpc("res.partner", "fuxi_search_guests", ({args}) => {
        calls.push(["search", args[0]]);
        return [
            {id: 42, name: "周文华", code: "C0042", phone: "13800000000", is_vip: true},
        ];
    });
    onRpc("fuxi.frontdesk.order", "cashier_set_member", ({args}) => {
        calls.push(["member", args[1]]);
        member = args[1] ? MEMBER : false;
        return makeBill([], {member});
    });
    onRpc("fuxi.frontdesk.order", "cashier_set_discount", ({args}) => {
        calls.push(["discount", args[1], args[2]]);
        discount = args[1];
        return makeBill([], {member});
    });
    onRpc("fuxi.frontdesk.order", "cashier_topup", ({args}) => {
        calls.push(["topup", ...args.slice(0, 3), args[3].length >= 8]);
        return {
            topup: {id: 1, name: "CZ-1", amount: 1000, bonus: 100, method: "现金"},
            member: {...MEMBER, balance: 1300},
        };
    });
    await mountWithCleanup(PaymentPanel, {
        props: panelProps(),
    });
    expect(".o_fuxi_cashier_topup_open").toHaveCount(0);
    await click(".o_fuxi_cashier_member_search");
    await edit("1380");
    await animationFrame();
    await click(".o_fuxi_cashier_member_result");
    await animationFrame();
    expect(".o_fuxi_cashier_member_name").toHaveText("周文华");

    await click(".o_fuxi_cashier_discount_open");
    await animationFrame();
    await click(".o_fuxi_cashier_percent:contains(15)");
    await animationFrame();
    expect(".o_fuxi_cashier_discount_confirm").not.toBeEnabled();
    await click(".o_fuxi_cashier_discount_reason_quick");
    await animationFrame();
    await click(".o_fuxi_cashier_discount_confirm");
    await animationFrame();
    expect(".o_fuxi_cashier_discount").toHaveCount(0);

    await click(".o_fuxi_cashier_topup_open");
    await animationFrame();
    await click(".o_fuxi_cashier_topup_preset:contains(1,000.00)");
    await animationFrame();
    await click(".o_fuxi_cashier_topup_confirm");
    await animationFrame();
    expect(".o_fuxi_cashier_topup").toHaveCount(0);
    // the search follows the typing; the last one found the member
    expect(calls.filter((call) => call[0] !== "search")).toEqual([
        ["member", 42],
        ["discount", 15, "Manager's guest"],
        ["topup", 42, 1, 1000, true],
    ]);
    expect(calls.findLast((call) => call[0] === "search")).toEqual(["search", "1380"]);
});

function fakeBus() {
    return {
        subscribe: () => undefined,
        unsubscribe: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        start: () => undefined,
    };
}

async function mountDesk(isCashier) {
    window.localStorage.clear();
    mockService("bus_service", fakeBus());
    const room = {
        id: 1,
        name: "听涛阁",
        area: "包间",
        capacity: 10,
        status: "occupied",
    };
    room.order = {id: 5, opened_at: "2026-11-22 11:45:00", amount_total: 314};
    onRpc("has_group", ({args}) => isCashier && args[1].startsWith("fuxi_cashier."));
    onRpc("fuxi.frontdesk.order", "cashier_day", () => ({
        day: {
            date: "2026-11-22",
            state: "open",
            bills: 3,
            guests: 11,
            gross: 1314,
            discounts: [{name: "会员价 VIP 9折", amount: -98.4}],
            discount_total: -98.4,
            net: 1215.6,
            payments: [
                {method: "现金", kind: "cash", amount: 815.6},
                {method: "储值卡", kind: "stored_value", amount: 400},
            ],
            payments_total: 1215.6,
            topups: {count: 1, amount: 1000, bonus: 100, refunded: 0},
            stored_value_used: 400,
            points_issued: 81,
            points_used: 0,
            voids: {count: 0, amount: 0},
            shifts: [],
            cash_expected: 815.6,
            cash_counted: 0,
            cash_difference: 0,
        },
        report_url: "/report/pdf/fuxi_cashier.report_cashier_day/1",
    }));
    onRpc("fuxi.frontdesk.order", "cashier_shift", () => ({
        id: 1,
        state: "open",
        expected_cash: 815.6,
        difference: 0,
    }));
    onRpc("fuxi.frontdesk.order", "cashier_shift_close", ({args}) => ({
        id: 1,
        state: "closed",
        expected_cash: 815.6,
        counted_cash: args[0],
        difference: args[0] - 815.6,
    }));
    onRpc("fuxi.frontdesk.order", "frontdesk_load", () => ({
        rooms: [room],
        reservations: [],
        categories: [],
        dishes: [],
        currency_id: CURRENCY,
        can_order: true,
        can_void: true,
        can_comp: false,
    }));
    onRpc("fuxi.frontdesk.order", "frontdesk_floor", () => ({
        rooms: [room],
        reservations: [],
    }));
    onRpc("fuxi.frontdesk.order", "read_order", () => ({
        ...ORDER,
        cashier: {bill_id: false, bill_state: false, can_pay: isCashier},
        partner: false,
        guest_count: 4,
        state: "open",
        amount_total: 314,
        lines: [],
        tickets: [],
    }));
    onRpc("fuxi.frontdesk.order", "cashier_bill", () => makeBill());
    await mountWithCleanup(FrontDesk, {props: {action: {}}});
    if (isCashier) {
        // the day's figures and the cashier's shift, from the floor
        await click(".o_fuxi_cashier_day_open");
        await animationFrame();
        expect(".o_fuxi_cashier_day_net").toHaveText("¥ 1,215.60");
        expect(queryAllTexts(".o_fuxi_cashier_day_payment")).toEqual([
            "现金 ¥ 815.60",
            "储值卡 ¥ 400.00",
        ]);
        expect(".o_fuxi_cashier_day_close").toHaveCount(1);
        for (const key of ["8", "1", "0"]) {
            await click(`.o_fuxi_cashier_day .o_fuxi_key[data-key='${key}']`);
            await animationFrame();
        }
        await click(".o_fuxi_cashier_shift_close");
        await animationFrame();
        expect(".o_fuxi_cashier_shift_done").toHaveText(/-5\.60/);
        await click(".o_fuxi_cashier_day_back");
        await animationFrame();
    } else {
        expect(".o_fuxi_cashier_day_open").toHaveCount(0);
    }
    await click(".o_fuxi_room[data-room-id='1']");
    await animationFrame();
    await animationFrame();
    await click(".o_fuxi_checkout");
    await animationFrame();
}

test("front desk: a cashier's checkout opens the payment panel", async () => {
    await mountDesk(true);
    expect(".o_fuxi_cashier_panel").toHaveCount(1);
    expect(".o_fuxi_checkout_box").toHaveCount(0);
    await click(".o_fuxi_cashier_cancel");
    await animationFrame();
    expect(".o_fuxi_cashier_panel").toHaveCount(0);
    expect(".o_fuxi_order_panel").toHaveCount(1);
});

test("front desk: a waiter's checkout stays as it was, without the panel", async () => {
    await mountDesk(false);
    expect(".o_fuxi_cashier_panel").toHaveCount(0);
    expect(".o_fuxi_checkout_box").toHaveCount(1);
});

function mockPaidBill(calls) {
    const paid = [{id: 1, method: "现金", amount: 291.5, tendered: 300, change: 8.5}];
    onRpc("fuxi.frontdesk.order", "cashier_bill", () => makeBill(paid));
    onRpc("fuxi.frontdesk.order", "cashier_close", () => ({
        bill: makeBill(paid, {state: "paid"}),
        receipt_url: "/report/pdf/fuxi_cashier.receipt/5",
    }));
    onRpc("fuxi.frontdesk.order", "cashier_void", ({args}) => {
        calls.push(["void", args[0], args[1]]);
        return makeBill(paid, {state: "void", due: 0});
    });
    return panelProps();
}

test("panel: a cashier closes a paid bill and sees no void button", async () => {
    const calls = [];
    await mountWithCleanup(PaymentPanel, {props: mockPaidBill(calls)});
    await click(".o_fuxi_cashier_close");
    await animationFrame();
    expect(".o_fuxi_cashier_closed").toHaveCount(1);
    expect(".o_fuxi_cashier_void_open").toHaveCount(0);
    expect(calls).toEqual([]);
});

test("panel: a manager voids the bill just paid, with a reason", async () => {
    const calls = [];
    await mountWithCleanup(PaymentPanel, {
        props: {...mockPaidBill(calls), canManage: true},
    });
    await click(".o_fuxi_cashier_close");
    await animationFrame();
    await click(".o_fuxi_cashier_void_open");
    await animationFrame();
    expect(".o_fuxi_cashier_void_confirm").not.toBeEnabled();
    await click(".o_fuxi_cashier_void_reason");
    await edit("收错桌了");
    await animationFrame();
    expect(".o_fuxi_cashier_void_confirm").toBeEnabled();
    await click(".o_fuxi_cashier_void_confirm");
    await animationFrame();
    expect(calls).toEqual([["void", [5], "收错桌了"]]);
    expect(".o_fuxi_cashier_voided").toHaveCount(1);
    expect(".o_fuxi_cashier_void_open").toHaveCount(0);
});
