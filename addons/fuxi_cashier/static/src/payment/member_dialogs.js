import {Component, onWillStart, useState} from "@odoo/owl";
import {formatCurrency} from "@web/core/currency";
import {_t} from "@web/core/l10n/translation";
import {deserializeDate, formatDate} from "@web/core/l10n/dates";
import {ConnectionLostError} from "@web/core/network/rpc";
import {useService} from "@web/core/utils/hooks";
import {ClientIds} from "./cashier_utils";
import {errorMessage} from "./error_message";

const ORDER_MODEL = "fuxi.frontdesk.order";

/**
 * The member dialogs' requests: one at a time, a refusal (the server's UserError text) shown
 * in the dialog, and the client id kept only while the very same request is retried after a
 * lost answer, as the payment panel does with payments.
 */
class MemberDialog extends Component {
    setup() {
        this.orm = useService("orm");
        this.clientIds = new ClientIds();
    }

    async send(method, args, kwargs, key) {
        if (this.state.busy) {
            return null;
        }
        this.state.busy = true;
        this.state.error = "";
        try {
            const result = await this.orm.call(ORDER_MODEL, method, args, {
                ...kwargs,
                client_id: this.clientIds.idFor(key),
            });
            this.clientIds.answered();
            return result;
        } catch (error) {
            this.state.error = errorMessage(error);
            if (!(error instanceof ConnectionLostError)) {
                this.clientIds.answered();
            }
            return null;
        } finally {
            this.state.busy = false;
        }
    }

    /** What the dialog shows first (rewards, signed bills); a refusal stays readable. */
    async loadWith(method, args) {
        try {
            return await this.orm.call(ORDER_MODEL, method, args);
        } catch (error) {
            this.state.error = errorMessage(error);
            return null;
        }
    }
}

/**
 * 积分兑换: a member takes one of the points program's rewards for their points. The rewards
 * the member's points do not reach are shown greyed out (the server refuses them too).
 */
export class RewardDialog extends MemberDialog {
    static template = "fuxi_cashier.RewardDialog";
    static props = {
        member: Object,
        onDone: Function,
        onCancel: Function,
    };

    setup() {
        super.setup();
        this.state = useState({rewards: null, rewardId: false, busy: false, error: ""});
        onWillStart(async () => {
            this.state.rewards = (await this.loadWith("cashier_rewards", [])) || [];
        });
    }

    canTake(reward) {
        return reward.points <= (this.props.member.points || 0);
    }

    get reward() {
        return (this.state.rewards || []).find(
            (reward) => reward.id === this.state.rewardId && this.canTake(reward)
        );
    }

    pick(reward) {
        if (this.canTake(reward)) {
            this.state.rewardId = reward.id;
            this.state.error = "";
        }
    }

    async confirm() {
        const reward = this.reward;
        if (!reward) {
            return;
        }
        const memberId = this.props.member.id;
        const result = await this.send(
            "cashier_redeem_reward",
            [memberId, reward.id],
            {},
            JSON.stringify([memberId, reward.id])
        );
        if (result) {
            this.props.onDone(result);
        }
    }
}

/**
 * 挂账结算: an account that signed bills pays what it owes on them, by a method that brings
 * money in (not stored value, points or another signature: the server refuses those), with
 * the transaction number when the method needs one.
 */
export class SettleAccountDialog extends MemberDialog {
    static template = "fuxi_cashier.SettleAccountDialog";
    static props = {
        member: Object,
        methods: Array,
        currencyId: {type: Number, optional: true},
        onDone: Function,
        onCancel: Function,
    };

    setup() {
        super.setup();
        const cash = this.props.methods.find((method) => method.kind === "cash");
        this.state = useState({
            signed: null,
            methodId: (cash || this.props.methods[0])?.id || false,
            reference: "",
            busy: false,
            error: "",
        });
        onWillStart(async () => {
            this.state.signed = await this.loadWith("cashier_signed_bills", [
                this.props.member.id,
            ]);
        });
    }

    get method() {
        return this.props.methods.find((method) => method.id === this.state.methodId);
    }

    get bills() {
        return this.state.signed?.bills || [];
    }

    get owed() {
        return this.state.signed?.owed || 0;
    }

    get problem() {
        if (!this.state.signed) {
            return "";
        }
        if (!(this.owed > 0)) {
            return _t("Nothing is owed on the signed bills of this account.");
        }
        if (!this.method) {
            return _t("Pick how the guest pays.");
        }
        if (this.method.needs_reference && !this.state.reference.trim()) {
            return _t("Enter the transaction number of the payment.");
        }
        return "";
    }

    money(amount) {
        return formatCurrency(amount || 0, this.props.currencyId);
    }

    day(date) {
        return date ? formatDate(deserializeDate(date)) : "";
    }

    pickMethod(method) {
        this.state.methodId = method.id;
        this.state.reference = "";
        this.state.error = "";
    }

    async confirm() {
        if (!this.state.signed || this.problem) {
            return;
        }
        const memberId = this.props.member.id;
        const reference = this.method.needs_reference
            ? this.state.reference.trim()
            : false;
        const result = await this.send(
            "cashier_settle_account",
            [memberId, this.method.id],
            {reference},
            JSON.stringify([memberId, this.method.id, reference, this.owed])
        );
        if (result) {
            this.props.onDone(result);
        }
    }
}
