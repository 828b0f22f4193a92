import {Component, onWillStart, onWillUpdateProps, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {GuestProfile} from "./guest_profile";

/** Client action "fuxi_guest_profile": the full profile of one guest, e.g. after a swipe. */
export class GuestProfileAction extends Component {
    static template = "fuxi_customer.GuestProfileAction";
    static components = {GuestProfile};
    static props = ["*"];

    setup() {
        this.action = useService("action");
        this.fuxiGuest = useService("fuxi_guest");
        this.state = useState({profile: null, error: ""});
        onWillStart(() => this.load(this.props.action.params));
        onWillUpdateProps((next) => this.load(next.action.params));
    }

    get partnerId() {
        return this.state.profile?.id || this.props.action.params?.partner_id;
    }

    async load(params = {}) {
        if (params.profile && params.profile.id === params.partner_id) {
            this.state.profile = params.profile;
            return;
        }
        if (!params.partner_id) {
            this.state.error = _t("No guest given.");
            return;
        }
        this.state.profile = await this.fuxiGuest.loadProfile(params.partner_id);
    }

    openRecord(model, id) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: model,
            res_id: id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    openCustomer() {
        this.openRecord("res.partner", this.partnerId);
    }
}

registry.category("actions").add("fuxi_guest_profile", GuestProfileAction);
