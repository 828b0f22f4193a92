import {describe, expect, test} from "@odoo/hoot";
import {click, edit, queryAllAttributes, queryAllTexts} from "@odoo/hoot-dom";
import {animationFrame} from "@odoo/hoot-mock";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {mockService, mountWithCleanup} from "@web/../tests/web_test_helpers";
import {ConnectionLostError} from "@web/core/network/rpc";
import {PaymentPanel} from "@fuxi_cashier/payment/payment_panel";
import {
    MEMBER,
    defineCashierCurrency,
    makeBill,
    panelProps,
} from "@fuxi_cashier/../tests/helpers/cashier_fixture";

describe.current.tags("desktop");
defineMailModels();
defineCashierCurrency();

const REWARDS = [
    {id: 3, name: "积分兑换：龙井一壶", points: 50},
    {id: 4, name: "积分兑换：招牌烤鸭", points: 200},
];
const SIGNER = {
    ...MEMBER,
    points: 0,
    can_sign: true,
    sign_limit: 5000,
    signed_owed: 354,
};
const SIGNED = {
    member: SIGNER,
    bills: [
        {
            payment_id: 11,
            bill: "JZ-0011",
            order: "QT-11",
            table: "听涛阁",
            date: "2026-11-20",
            amount: 266,
        },
        {
            payment_id: 12,
            bill: "JZ-0012",
            order: "QT-12",
            table: "A3",
            date: "2026-11-21",
            amount: 88,
        },
    ],
    owed: 354,
};

/**
 * The orm as the server would answer the panel: the bill, then each verb's answers in turn
 * ("lost": the network dropped the answer; "refused": the server's UserError; else a result).
 * The mock server would turn any error into a server error, hence the orm's own mock.
 */
function mockCashier(member, answers) {
    const calls = [];
    const notes = [];
    mockService("notification", {add: (message) => notes.push(String(message))});
    mockService("orm", {
        async call(model, method, args, kwargs = {}) {
            if (method === "cashier_bill") {
                return makeBill([], {member});
            }
            if (method === "cashier_rewards") {
                return REWARDS;
            }
            if (method === "cashier_signed_bills") {
                return SIGNED;
            }
            calls.push({method, args, kwargs});
            const answer = answers.shift();
            if (answer === "lost") {
                throw new ConnectionLostError("/web/dataset/call_kw");
            }
            if (typeof answer === "string") {
                throw Object.assign(new Error("refused"), {data: {message: answer}});
            }
            return answer;
        },
    });
    return {calls, notes};
}

test("rewards: rows beyond the points greyed, a lost answer retried with its client id, a refusal shown", async () => {
    const member = {...MEMBER, points: 80};
    const {calls, notes} = mockCashier(member, [
        "lost",
        "周文华 has 80 points: 50 cannot be used.",
        {reward: REWARDS[0], member: {...member, points: 30}},
    ]);
    await mountWithCleanup(PaymentPanel, {props: panelProps()});
    // a member who owes nothing on signed bills has no settle button
    expect(".o_fuxi_cashier_settle_open").toHaveCount(0);
    await click(".o_fuxi_cashier_reward_open");
    await animationFrame();
    expect(queryAllTexts(".o_fuxi_cashier_reward_name")).toEqual([
        "积分兑换：龙井一壶",
        "积分兑换：招牌烤鸭",
    ]);
    expect(queryAllTexts(".o_fuxi_cashier_reward_cost")).toEqual(["50", "200"]);
    // 80 points do not reach the duck: its row cannot be picked
    expect(".o_fuxi_cashier_reward[data-reward-id='3']").toBeEnabled();
    expect(".o_fuxi_cashier_reward[data-reward-id='4']").not.toBeEnabled();
    expect(".o_fuxi_cashier_reward_not_enough").toHaveCount(1);
    expect(".o_fuxi_cashier_reward_confirm").not.toBeEnabled();
    await click(".o_fuxi_cashier_reward[data-reward-id='3']");
    await animationFrame();
    expect(".o_fuxi_cashier_reward_confirm").toBeEnabled();

    // the answer is lost: the same confirm again carries the same client id
    await click(".o_fuxi_cashier_reward_confirm");
    await animationFrame();
    expect(".o_fuxi_cashier_rewards .o_fuxi_cashier_error").toHaveText(
        /cannot be reached/
    );
    // the server refuses (another desk used the points): its sentence is shown
    await click(".o_fuxi_cashier_reward_confirm");
    await animationFrame();
    expect(".o_fuxi_cashier_rewards .o_fuxi_cashier_error").toHaveText(
        "周文华 has 80 points: 50 cannot be used."
    );
    expect(".o_fuxi_cashier_rewards").toHaveCount(1);
    // after an answer, a new confirm is a new request
    await click(".o_fuxi_cashier_reward_confirm");
    await animationFrame();
    expect(".o_fuxi_cashier_rewards").toHaveCount(0);
    expect(calls.map((call) => [call.method, call.args])).toEqual([
        ["cashier_redeem_reward", [42, 3]],
        ["cashier_redeem_reward", [42, 3]],
        ["cashier_redeem_reward", [42, 3]],
    ]);
    const ids = calls.map((call) => call.kwargs.client_id);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[1]);
    expect(ids[0].length).toBeGreaterThan(7);
    // the member's points as the server answered them
    expect(".o_fuxi_cashier_member_points b").toHaveText("30");
    expect(notes).toEqual([
        "周文华 took 积分兑换：龙井一壶 for 50 points: 30 points left.",
    ]);
});

test("rewards: a member without points has no reward button", async () => {
    mockCashier({...MEMBER, points: 0}, []);
    await mountWithCleanup(PaymentPanel, {props: panelProps()});
    expect(".o_fuxi_cashier_member_name").toHaveCount(1);
    expect(".o_fuxi_cashier_reward_open").toHaveCount(0);
});

test("signed account: open bills and total, paying methods only, reference, refusal, settled", async () => {
    const settled = {
        settlement: {
            id: 9,
            name: "JS-0009",
            amount: 354,
            bills: 2,
            method: "微信支付",
            reference: "4200009",
        },
        member: {...SIGNER, signed_owed: 0},
    };
    const {calls, notes} = mockCashier(SIGNER, [
        "lost",
        "The business day 2026-11-22 is closed: a cashier manager must reopen it.",
        settled,
    ]);
    await mountWithCleanup(PaymentPanel, {props: panelProps()});
    expect(".o_fuxi_cashier_reward_open").toHaveCount(0);
    expect(".o_fuxi_cashier_member_owed").toHaveText("¥ 354.00");
    await click(".o_fuxi_cashier_settle_open");
    await animationFrame();
    expect(".o_fuxi_cashier_signed_bill").toHaveCount(2);
    expect(".o_fuxi_cashier_signed_bill:first").toHaveText(
        /JZ-0011.*QT-11.*听涛阁.*¥ 266\.00/
    );
    expect(".o_fuxi_cashier_settle_owed").toHaveText("¥ 354.00");
    // stored value and signing again cannot settle a signed bill (the server refuses them)
    expect(queryAllAttributes(".o_fuxi_cashier_settle_method", "data-kind")).toEqual([
        "cash",
        "wechat",
    ]);
    await click(".o_fuxi_cashier_settle_method[data-kind='wechat']");
    await animationFrame();
    expect(".o_fuxi_cashier_settle_confirm").not.toBeEnabled();
    expect(".o_fuxi_cashier_settle_problem").toHaveText(/transaction number/);
    await click(".o_fuxi_cashier_settle_reference");
    await edit("4200009");
    await animationFrame();
    expect(".o_fuxi_cashier_settle_confirm").toBeEnabled();

    await click(".o_fuxi_cashier_settle_confirm");
    await animationFrame();
    expect(".o_fuxi_cashier_settle .o_fuxi_cashier_error").toHaveText(
        /cannot be reached/
    );
    await click(".o_fuxi_cashier_settle_confirm");
    await animationFrame();
    expect(".o_fuxi_cashier_settle .o_fuxi_cashier_error").toHaveText(
        "The business day 2026-11-22 is closed: a cashier manager must reopen it."
    );
    await click(".o_fuxi_cashier_settle_confirm");
    await animationFrame();
    expect(".o_fuxi_cashier_settle").toHaveCount(0);
    expect(
        calls.map((call) => [call.method, call.args, call.kwargs.reference])
    ).toEqual([
        ["cashier_settle_account", [42, 2], "4200009"],
        ["cashier_settle_account", [42, 2], "4200009"],
        ["cashier_settle_account", [42, 2], "4200009"],
    ]);
    const ids = calls.map((call) => call.kwargs.client_id);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[1]);
    // nothing owed any more: the member block has no settle button
    expect(".o_fuxi_cashier_settle_open").toHaveCount(0);
    expect(notes).toHaveLength(1);
    // formatCurrency puts a no-break space after the symbol
    expect(notes[0]).toMatch(
        /^周文华 settled ¥\s354\.00 of signed bills \(2\) by 微信支付\.$/
    );
});
