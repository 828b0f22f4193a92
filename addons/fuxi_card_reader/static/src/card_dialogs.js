import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {Dialog} from "@web/core/dialog/dialog";
import {user} from "@web/core/user";
import {useService} from "@web/core/utils/hooks";

/** A card nobody has: give it to an existing guest, or register a new guest with it. */
export class UnknownCardDialog extends Component {
    static template = "fuxi_card_reader.UnknownCardDialog";
    static components = {Dialog};
    static props = {
        number: String,
        kind: {type: String, optional: true},
        close: Function,
    };
    static defaultProps = {kind: "contactless"};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.state = useState({search: "", results: [], canBind: false});
        onWillStart(async () => {
            // binding writes a card: Customers users and managers; others are told whom to ask
            this.state.canBind = await user.hasGroup(
                "fuxi_customer.group_fuxi_customer_user"
            );
        });
    }

    async onSearch(ev) {
        const term = ev.target.value;
        this.state.search = term;
        if (term.trim().length < 1) {
            this.state.results = [];
            return;
        }
        // the one guest search of Fuxi (name, customer code, phone): fuxi_customer's
        const results = await this.env.services.fuxi_guest.searchGuests(term);
        if (this.state.search === term) {
            this.state.results = results;
        }
    }

    async bind(partner) {
        await this.orm.create("fuxi.card", [
            {number: this.props.number, partner_id: partner.id, kind: this.props.kind},
        ]);
        this.notification.add(
            _t("Card %s is now %s's card.", this.props.number, partner.name),
            {type: "success"}
        );
        this.props.close();
        this.env.services.fuxi_guest.identify(partner.id, {source: "card"});
    }

    newGuest() {
        this.props.close();
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "res.partner",
            views: [[false, "form"]],
            target: "current",
            context: {
                default_is_fuxi_customer: true,
                fuxi_card_number: this.props.number,
                fuxi_card_kind: this.props.kind,
            },
        });
    }
}

/** Several guests share the caller's number: pick the one calling. */
export class CardChoiceDialog extends Component {
    static template = "fuxi_card_reader.CardChoiceDialog";
    static components = {Dialog};
    static props = {
        identifier: String,
        matches: Array,
        onChoose: Function,
        close: Function,
    };

    choose(partner) {
        this.props.close();
        this.props.onChoose(partner.id);
    }
}
