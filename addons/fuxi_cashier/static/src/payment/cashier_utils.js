import {_t} from "@web/core/l10n/translation";
import {makeUid} from "@fuxi_frontdesk/common/frontdesk_utils";

/** The digit keys of the cashier's keypad, row by row (backspace and clear are separate). */
export const KEYPAD_KEYS = [
    "7",
    "8",
    "9",
    "4",
    "5",
    "6",
    "1",
    "2",
    "3",
    "00",
    "0",
    ".",
];
// more than this many digits before the decimal point is a finger slip, not a bill
const MAX_INTEGER_DIGITS = 7;

/** Kinds of payment method (fuxi.cashier.payment.method's `kind`) that hold the guest's money. */
export const MEMBER_KINDS = ["stored_value", "points", "account"];

/**
 * The keypad's text after one key: digits, "00", "." (once, and only when the currency has
 * decimals), "back" and "clear". No more decimals than the currency has, no leading zeros,
 * at most MAX_INTEGER_DIGITS before the point: a key that would break a rule is ignored.
 */
export function pressKey(entry, key, decimals = 2) {
    const text = entry || "";
    if (key === "clear") {
        return "";
    }
    if (key === "back") {
        return text.slice(0, -1);
    }
    if (key === ".") {
        if (!decimals || text.includes(".")) {
            return text;
        }
        return `${text || "0"}.`;
    }
    if (!/^\d+$/.test(key)) {
        return text;
    }
    const [integer, fraction] = `${text}${key}`.split(".");
    if (fraction !== undefined && fraction.length > decimals) {
        return text;
    }
    const digits = integer.replace(/^0+(?=\d)/, "");
    if (digits.length > MAX_INTEGER_DIGITS) {
        return text;
    }
    return fraction === undefined ? digits : `${digits}.${fraction}`;
}

/** The keypad's text as a number (0 when empty). */
export function parseEntry(entry) {
    const value = parseFloat(entry);
    return Number.isFinite(value) ? value : 0;
}

/** An amount in the currency's smallest unit (fen), so that sums and comparisons are exact. */
export function toMinor(amount, decimals = 2) {
    return Math.round((Number(amount) || 0) * 10 ** decimals);
}

export function fromMinor(minor, decimals = 2) {
    return minor / 10 ** decimals;
}

/** The keypad's text for an amount (no trailing zeros: 287.5, 300). */
export function entryOf(amount, decimals = 2) {
    return amount > 0 ? String(fromMinor(toMinor(amount, decimals), decimals)) : "";
}

/**
 * Cash handed over for `due`: the part that pays the bill (`applied`), the change to give
 * back and what is still missing (`short`), all exact to the fen.
 */
export function cashChange(due, tendered, decimals = 2) {
    const dueMinor = Math.max(0, toMinor(due, decimals));
    const givenMinor = Math.max(0, toMinor(tendered, decimals));
    const applied = Math.min(dueMinor, givenMinor);
    return {
        applied: fromMinor(applied, decimals),
        change: fromMinor(givenMinor - applied, decimals),
        short: fromMinor(dueMinor - applied, decimals),
    };
}

/**
 * One-tap amounts for cash: the exact amount, then the next round sums a guest hands over
 * (next ¥10, ¥50, ¥100, and one ¥100 note more), at most four, smallest first.
 */
export function quickTenders(due, decimals = 2) {
    const dueMinor = toMinor(due, decimals);
    if (dueMinor <= 0) {
        return [];
    }
    const unit = 10 ** decimals;
    const roundUp = (step) => Math.ceil(dueMinor / (step * unit)) * step * unit;
    const candidates = [
        dueMinor,
        roundUp(10),
        roundUp(50),
        roundUp(100),
        roundUp(100) + 100 * unit,
    ];
    return [...new Set(candidates)]
        .sort((a, b) => a - b)
        .slice(0, 4)
        .map((minor) => fromMinor(minor, decimals));
}

/** What the amount field starts with when a method is picked (the cashier can change it). */
export function defaultAmount(method, bill, decimals = 2) {
    const due = Math.max(0, bill?.due || 0);
    if (!method || !due || method.kind === "cash") {
        return "";
    }
    if (method.kind === "stored_value" && bill.member) {
        return entryOf(Math.min(due, Math.max(0, bill.member.balance || 0)), decimals);
    }
    if (method.kind === "account" && bill.member?.sign_limit) {
        return entryOf(Math.min(due, bill.member.sign_limit), decimals);
    }
    return entryOf(due, decimals);
}

/**
 * Why this payment cannot be taken yet, in a sentence for the cashier, or "" when it can.
 * The server checks all of it again (and more: a closed day, an inactive method, the card's
 * balance at that very moment); this only saves a round trip and explains the grey button.
 */
export function paymentProblem({method, amount, reference, bill, decimals = 2}) {
    if (!method) {
        return _t("Pick how the guest pays.");
    }
    const amountMinor = toMinor(amount, decimals);
    const dueMinor = toMinor(bill?.due || 0, decimals);
    if (dueMinor <= 0) {
        return _t("Nothing is left to pay on this bill.");
    }
    if (amountMinor <= 0) {
        return _t("Enter an amount above zero.");
    }
    if (method.kind !== "cash" && amountMinor > dueMinor) {
        return _t("Only cash can be more than the amount due (the rest is change).");
    }
    if (MEMBER_KINDS.includes(method.kind) && !bill?.member) {
        return _t("Identify the member first: swipe the card or search the guest.");
    }
    if (
        method.kind === "stored_value" &&
        amountMinor > toMinor(bill.member.balance, decimals)
    ) {
        return _t("The member's stored value is not enough for this amount.");
    }
    if (method.kind === "account" && !bill.member.can_sign) {
        return _t("This guest may not sign the bill to an account.");
    }
    if (method.needs_reference && !(reference || "").trim()) {
        return _t("Enter the transaction number of the payment.");
    }
    return "";
}

/**
 * The client id sent with a request that moves money or points (the server applies a client
 * id once). The same request sent again after its answer was lost keeps its id, so a second
 * tap cannot pay or redeem twice; any other request, or one after an answer (done or
 * refused), gets a new id. `key` says what the request is (method, amount, reward…).
 */
export class ClientIds {
    constructor() {
        this.pending = null;
    }

    /** The id for the request `key`: the unanswered one's if it is the same request. */
    idFor(key) {
        if (this.pending?.key !== key) {
            this.pending = {key, clientId: makeUid()};
        }
        return this.pending.clientId;
    }

    /** The server answered (done or refused): the next request is a new one. */
    answered() {
        this.pending = null;
    }
}
