import {Component, onMounted, onWillStart, onWillUnmount, useState} from "@odoo/owl";
import {formatCurrency, getCurrency} from "@web/core/currency";
import {_t} from "@web/core/l10n/translation";
import {ConnectionLostError} from "@web/core/network/rpc";
import {useService} from "@web/core/utils/hooks";
import {
    ClientIds,
    KEYPAD_KEYS,
    MEMBER_KINDS,
    cashChange,
    defaultAmount,
    fromMinor,
    parseEntry,
    paymentProblem,
    pressKey,
    quickTenders,
    toMinor,
} from "./cashier_utils";
import {DiscountDialog, TopUpDialog} from "./cashier_dialogs";
import {RewardDialog, SettleAccountDialog} from "./member_dialogs";
import {errorMessage} from "./error_message";

const ORDER_MODEL = "fuxi.frontdesk.order";
// distinct English terms: the JS translations are one dictionary shared with core
const KIND_ICONS = {
    cash: "fa-money",
    wechat: "fa-weixin",
    alipay: "fa-qrcode",
    card: "fa-credit-card",
    stored_value: "fa-id-card",
    points: "fa-star",
    account: "fa-pencil-square-o",
};

/**
 * 收银: the payment panel over the front desk's order. The bill as the server computes it
 * (each price rule on its own line, service charge, room minimum, 抹零), the member found by
 * a card swipe or a search, the methods as big buttons, a keypad (cash: what the guest hands
 * over, and the change), a reference for external wallets, several payments per bill, a
 * manual discount with its reason, then the close that writes the visit and gives the
 * receipt. Every amount is the server's: the panel only shows and sends.
 */
export class PaymentPanel extends Component {
    static template = "fuxi_cashier.PaymentPanel";
    static components = {
        DiscountDialog,
        RewardDialog,
        SettleAccountDialog,
        TopUpDialog,
    };
    static props = {
        order: Object,
        currencyId: {type: Number, optional: true},
        canManage: {type: Boolean, optional: true},
        onCancel: Function,
        onClosed: Function,
        onMemberChanged: {type: Function, optional: true},
        onReceipt: {type: Function, optional: true},
    };
    static defaultProps = {canManage: false};

    setup() {
        this.orm = useService("orm");
        this.fuxiGuest = useService("fuxi_guest");
        this.notification = useService("notification");
        this.keypadKeys = KEYPAD_KEYS;
        this.state = useState({
            bill: null,
            methodId: false,
            entry: "",
            reference: "",
            error: "",
            busy: false,
            memberSearch: "",
            memberResults: [],
            discountOpen: false,
            topupOpen: false,
            rewardOpen: false, // 积分兑换
            settleOpen: false, // 挂账结算
            // payments entered on the panel, sent with the close in one request (the settle):
            // all are taken or none
            staged: [],
            closed: null, // {bill, receipt_url} once the bill is closed
            voidOpen: false, // the manager is typing why the paid bill is voided
            voidReason: "",
        });
        // a request whose answer was lost keeps its client id: tapping again cannot pay twice
        this.retry = new ClientIds();
        this.stagedKey = 0;
        onWillStart(() => this.load());
        onMounted(() => {
            // the newest handler goes first: while the panel is open a swipe names the member
            this.removeGuestHandler = this.fuxiGuest.addHandler((partnerId) =>
                this.setMember(partnerId).then(() => true)
            );
        });
        onWillUnmount(() => this.removeGuestHandler?.());
    }

    // ------------------------------------------------------------- data
    async load() {
        const bill = await this.orm.call(ORDER_MODEL, "cashier_bill", [
            [this.props.order.id],
        ]);
        this.setBill(bill);
    }

    setBill(bill) {
        this.state.bill = bill;
        const methods = bill.methods || [];
        if (!methods.some((method) => method.id === this.state.methodId)) {
            const cash = methods.find((method) => method.kind === "cash");
            this.state.methodId = (cash || methods[0])?.id || false;
        }
        this.state.entry = defaultAmount(this.method, this.payable, this.decimals);
    }

    /** Runs a verb of the bill; shows the refusal in the panel instead of an error dialog. */
    async call(method, args = [], kwargs = {}) {
        if (this.state.busy) {
            return null;
        }
        this.state.busy = true;
        this.state.error = "";
        try {
            return await this.orm.call(
                ORDER_MODEL,
                method,
                [[this.props.order.id], ...args],
                kwargs
            );
        } catch (error) {
            this.state.error = errorMessage(error);
            if (!(error instanceof ConnectionLostError)) {
                this.retry.answered();
            }
            return null;
        } finally {
            this.state.busy = false;
        }
    }

    /** A verb answers the bill, or (set member, discount) something else: then read it. */
    async applyAnswer(answer) {
        if (answer && typeof answer === "object" && "total" in answer) {
            this.setBill(answer);
        } else if (answer !== null) {
            await this.load();
        }
        return answer;
    }

    // ------------------------------------------------------------- figures
    get decimals() {
        return getCurrency(this.props.currencyId)?.digits?.[1] ?? 2;
    }

    get bill() {
        return this.state.bill;
    }

    /**
     * The bill as the cashier sees it: the server's, with the payments entered on the panel
     * and not sent yet (they go with the close) counted in what is paid, due and given back.
     */
    get view() {
        const bill = this.state.bill;
        if (!bill || !this.state.staged.length) {
            return bill;
        }
        const decimals = this.decimals;
        const sum = (key) =>
            this.state.staged.reduce(
                (total, payment) => total + toMinor(payment[key], decimals),
                0
            );
        return {
            ...bill,
            paid: fromMinor(toMinor(bill.paid, decimals) + sum("amount"), decimals),
            due: fromMinor(toMinor(bill.due, decimals) - sum("amount"), decimals),
            change: fromMinor(toMinor(bill.change, decimals) + sum("change"), decimals),
            payments: [...bill.payments, ...this.state.staged],
        };
    }

    /** What the next payment may take: the view, with the stored value already entered. */
    get payable() {
        const view = this.view;
        if (!view?.member) {
            return view;
        }
        const drawn = this.state.staged
            .filter((payment) => payment.kind === "stored_value")
            .reduce(
                (total, payment) => total + toMinor(payment.amount, this.decimals),
                0
            );
        const balance = fromMinor(
            toMinor(view.member.balance, this.decimals) - drawn,
            this.decimals
        );
        return {...view, member: {...view.member, balance}};
    }

    get methods() {
        return this.bill?.methods || [];
    }

    get method() {
        return this.methods.find((method) => method.id === this.state.methodId);
    }

    get isCash() {
        return this.method?.kind === "cash";
    }

    get amount() {
        return parseEntry(this.state.entry);
    }

    /** Cash: what pays the bill and what goes back to the guest, from what they handed over. */
    get cash() {
        return cashChange(this.view?.due || 0, this.amount, this.decimals);
    }

    get quickTenders() {
        return this.isCash ? quickTenders(this.view?.due || 0, this.decimals) : [];
    }

    get problem() {
        return paymentProblem({
            method: this.method,
            amount: this.amount,
            reference: this.state.reference,
            bill: this.payable,
            decimals: this.decimals,
        });
    }

    get isPaid() {
        return Boolean(this.bill) && toMinor(this.view.due, this.decimals) <= 0;
    }

    get canClose() {
        return this.isPaid && this.bill.state === "draft";
    }

    icon(method) {
        return KIND_ICONS[method.kind] || "fa-money";
    }

    money(amount) {
        return formatCurrency(amount || 0, this.props.currencyId);
    }

    /** The price rules' lines (member price, birthday, service charge…) with an amount. */
    get ruleLines() {
        return (this.bill?.rules || []).filter((rule) =>
            toMinor(rule.amount, this.decimals)
        );
    }

    /** A line the member price or the manual discount left at full price (drinks, specials). */
    isFullPrice(line) {
        return (
            line.discounted === false &&
            toMinor(this.bill.discount_total, this.decimals) !== 0
        );
    }

    /** "received ¥300.00, change ¥12.50" for a cash payment with change. */
    cashDetail(payment) {
        return _t("received %(tendered)s, change %(change)s", {
            tendered: this.money(payment.tendered),
            change: this.money(payment.change),
        });
    }

    lineAmount(line) {
        return (
            line.amount ??
            line.subtotal ??
            (line.quantity || 0) * (line.price_unit || 0)
        );
    }

    // ------------------------------------------------------------- keypad
    pickMethod(method) {
        if (method.id === this.state.methodId) {
            return;
        }
        this.state.methodId = method.id;
        this.state.reference = "";
        this.state.error = "";
        this.retry.answered();
        this.state.entry = defaultAmount(method, this.payable, this.decimals);
    }

    press(key) {
        this.state.entry = pressKey(this.state.entry, key, this.decimals);
        this.state.error = "";
    }

    setTendered(amount) {
        this.state.entry = String(amount);
        this.state.error = "";
    }

    // ------------------------------------------------------------- payments
    /**
     * The payment entered joins the bill on the panel; it is sent with the close (the
     * settle), so that a bill is paid and closed in one request, all or nothing.
     */
    pay() {
        if (this.problem || this.state.busy) {
            return;
        }
        const method = this.method;
        const tendered = this.isCash ? this.amount : 0;
        const amount = this.isCash ? this.cash.applied : this.amount;
        this.state.staged.push({
            id: `staged-${++this.stagedKey}`,
            staged: true,
            method: method.name,
            method_id: method.id,
            kind: method.kind,
            amount,
            tendered,
            change: this.isCash ? this.cash.change : 0,
            reference: method.needs_reference ? this.state.reference.trim() : "",
        });
        this.state.reference = "";
        this.state.error = "";
        this.state.entry = defaultAmount(method, this.payable, this.decimals);
    }

    async removePayment(payment) {
        if (payment.staged) {
            this.state.staged = this.state.staged.filter(
                (one) => one.id !== payment.id
            );
            this.state.error = "";
            this.state.entry = defaultAmount(this.method, this.payable, this.decimals);
            return;
        }
        await this.applyAnswer(await this.call("cashier_remove_payment", [payment.id]));
    }

    // ------------------------------------------------------------- member
    async searchMembers(term) {
        this.state.memberSearch = term;
        if (!term.trim()) {
            this.state.memberResults = [];
            return;
        }
        const results = await this.fuxiGuest.searchGuests(term);
        if (this.state.memberSearch === term) {
            this.state.memberResults = results;
        }
    }

    async setMember(partnerId) {
        const answer = await this.applyAnswer(
            await this.call("cashier_set_member", [partnerId])
        );
        if (answer !== null) {
            // the member's price changes what is due: the payments are entered again
            this.state.staged = [];
            this.state.memberSearch = "";
            this.state.memberResults = [];
            this.props.onMemberChanged?.(partnerId);
        }
    }

    // ------------------------------------------------------------- discount, top-up
    async confirmDiscount(percent, reason) {
        const answer = await this.applyAnswer(
            await this.call("cashier_set_discount", [percent, reason])
        );
        if (answer !== null) {
            this.state.staged = [];
            this.state.discountOpen = false;
        }
    }

    get topupMethods() {
        return this.methods.filter((method) => !MEMBER_KINDS.includes(method.kind));
    }

    async confirmTopup({methodId, amount, reference, clientId}) {
        this.state.error = "";
        const result = await this.orm.call(
            ORDER_MODEL,
            "cashier_topup",
            [this.bill.member.id, methodId, amount, clientId],
            {reference: reference || false}
        );
        this.state.topupOpen = false;
        this.notification.add(
            _t(
                "%(amount)s (bonus %(bonus)s) added to %(member)s's card: balance %(balance)s.",
                {
                    amount: this.money(result.topup.amount),
                    bonus: this.money(result.topup.bonus),
                    member: result.member.name,
                    balance: this.money(result.member.balance),
                }
            ),
            {type: "success"}
        );
        await this.load();
    }

    // ------------------------------------------------------------- rewards, signed account
    /** A member with points may take a reward for them (积分兑换). */
    get canRedeem() {
        return Boolean(this.bill?.member && this.bill.member.points > 0);
    }

    /** A member whose signed bills still owe something may settle them (挂账结算). */
    get canSettle() {
        return Boolean(
            this.bill?.member &&
                toMinor(this.bill.member.signed_owed, this.decimals) > 0
        );
    }

    /** Methods that bring money in: the server refuses stored value, points and signing. */
    get settleMethods() {
        return this.topupMethods;
    }

    /** The member as the server answered after a redemption or a settlement. */
    memberAfter(member) {
        if (this.bill?.member?.id === member.id) {
            this.state.bill = {...this.bill, member};
        }
        // the front desk's guest panel shows the member's points and balance too
        this.props.onMemberChanged?.(member.id);
    }

    rewardDone({reward, member}) {
        this.state.rewardOpen = false;
        this.memberAfter(member);
        this.notification.add(
            _t(
                "%(member)s took %(reward)s for %(points)s points: %(left)s points left.",
                {
                    member: member.name,
                    reward: reward.name,
                    points: reward.points,
                    left: member.points,
                }
            ),
            {type: "success"}
        );
    }

    settleDone({settlement, member}) {
        this.state.settleOpen = false;
        this.memberAfter(member);
        this.notification.add(
            _t(
                "%(member)s settled %(amount)s of signed bills (%(bills)s) by %(method)s.",
                {
                    member: member.name,
                    amount: this.money(settlement.amount),
                    bills: settlement.bills,
                    method: settlement.method,
                }
            ),
            {type: "success"}
        );
    }

    // ------------------------------------------------------------- close
    /**
     * The payments entered and the close in one request (cashier_settle), or the close of a
     * bill already paid on the server. The panel's due goes with it: a bill changed at
     * another screen meanwhile is refused, nothing paid.
     */
    async closeBill() {
        if (!this.canClose) {
            return;
        }
        let result = null;
        if (this.state.staged.length) {
            const payments = this.state.staged.map((payment) => ({
                method_id: payment.method_id,
                amount: payment.amount,
                tendered: payment.kind === "cash" ? payment.tendered : false,
                reference: payment.reference || false,
            }));
            const memberId = this.bill.member?.id || false;
            const key = JSON.stringify([payments, memberId, this.bill.due]);
            result = await this.call(
                "cashier_settle",
                [payments, this.retry.idFor(key)],
                {
                    member_id: memberId,
                    due: this.bill.due,
                }
            );
            if (result) {
                this.retry.answered();
                this.state.staged = [];
            }
        } else {
            result = await this.call("cashier_close");
        }
        if (result) {
            this.state.closed = result;
            this.state.bill = result.bill;
            this.printReceipt();
        }
    }

    printReceipt() {
        const url = this.state.closed?.receipt_url;
        if (url) {
            this.props.onReceipt?.(url);
        }
    }

    // ------------------------------------------------------------- void (manager)
    /** A cashier manager may void the bill just paid (the server checks the right too). */
    get canVoid() {
        return Boolean(
            this.props.canManage && this.state.closed && this.bill?.state === "paid"
        );
    }

    get isVoided() {
        return this.bill?.state === "void";
    }

    openVoid() {
        this.state.voidOpen = true;
        this.state.voidReason = "";
        this.state.error = "";
    }

    async confirmVoid() {
        const reason = this.state.voidReason.trim();
        if (!reason) {
            this.state.error = _t("Say why the bill is voided.");
            return;
        }
        const bill = await this.call("cashier_void", [reason]);
        if (bill) {
            this.state.voidOpen = false;
            this.state.bill = bill;
            this.state.closed = {...this.state.closed, bill};
        }
    }

    done() {
        this.props.onClosed(this.state.closed);
    }
}
