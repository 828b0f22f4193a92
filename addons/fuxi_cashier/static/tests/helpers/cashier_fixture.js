import {beforeEach} from "@odoo/hoot";
import {serverState} from "@web/../tests/web_test_helpers";

/**
 * The payment panel's mock-server set-up, shared by the cashier's Hoot test files: the
 * currency (¥), the payment methods, a member, an order and a bill as the server answers them.
 */
export const CURRENCY = 7;

/** Call at the top of a test file: every test there knows the ¥ currency. */
export function defineCashierCurrency() {
    beforeEach(() => {
        serverState.currencies = [
            ...serverState.currencies,
            {
                id: CURRENCY,
                name: "CNY",
                symbol: "¥",
                position: "before",
                digits: [69, 2],
            },
        ];
    });
}

export const METHODS = [
    {id: 1, name: "现金", kind: "cash", needs_reference: false},
    {id: 2, name: "微信支付", kind: "wechat", needs_reference: true},
    {id: 5, name: "储值卡", kind: "stored_value", needs_reference: false},
    {id: 7, name: "挂账", kind: "account", needs_reference: false},
];

export const MEMBER = {
    id: 42,
    name: "周文华",
    class: "VIP",
    balance: 200,
    points: 1250,
    can_sign: false,
    sign_limit: 0,
};

export const ORDER = {id: 5, name: "QT-5", room: {id: 1, name: "听涛阁"}};

/** The bill of ORDER (314 of dishes, 9折 on two of them, 抹零) with these payments. */
export function makeBill(payments = [], extra = {}) {
    const paid = payments.reduce((sum, payment) => sum + payment.amount, 0);
    const change = payments.reduce((sum, payment) => sum + (payment.change || 0), 0);
    return {
        lines: [
            {id: 1, name: "西湖醋鱼", quantity: 1, amount: 88, discounted: true},
            {id: 2, name: "东坡肉", quantity: 2, amount: 136, discounted: true},
            {id: 3, name: "青岛啤酒", quantity: 6, amount: 90, discounted: false},
        ],
        rules: [
            {name: "会员价 VIP 9折", amount: -22.4, kind: "member"},
            {name: "服务费", amount: 0, kind: "service_charge"},
            {name: "抹零", amount: -0.1, kind: "rounding"},
        ],
        subtotal: 314,
        discount_total: 22.5,
        service_charge: 0,
        minimum_charge: 0,
        rounding: -0.1,
        total: 291.5,
        paid,
        due: Math.round((291.5 - paid) * 100) / 100,
        change,
        payments,
        member: MEMBER,
        methods: METHODS,
        currency_id: CURRENCY,
        state: "draft",
        ...extra,
    };
}

/** The PaymentPanel's props for ORDER (callbacks that do nothing unless given). */
export function panelProps(extra = {}) {
    return {
        order: ORDER,
        currencyId: CURRENCY,
        onCancel: () => undefined,
        onClosed: () => undefined,
        ...extra,
    };
}
