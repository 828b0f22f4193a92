import {Component, markup, onMounted, onWillUnmount, useRef, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {Dialog} from "@web/core/dialog/dialog";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {browser} from "@web/core/browser/browser";

/** The standard Q&A library, searchable from anywhere: type the guest's question. */
export class QaSearchDialog extends Component {
    static template = "fuxi_service.QaSearchDialog";
    static components = {Dialog};
    static props = {close: Function, initialText: {type: String, optional: true}};

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.state = useState({
            text: this.props.initialText || "",
            results: [],
            openId: false,
            searched: false,
        });
        this.input = useRef("input");
        this.timer = null;
        onWillUnmount(() => clearTimeout(this.timer));
        onMounted(() => {
            this.input.el?.focus();
            if (this.state.text) {
                this.search();
            }
        });
    }

    onInput(ev) {
        this.state.text = ev.target.value;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.search(), 250);
    }

    async search() {
        const text = this.state.text.trim();
        if (!text) {
            this.state.results = [];
            this.state.searched = false;
            return;
        }
        const results = await this.orm.call("fuxi.qa", "search_answers", [text], {
            limit: 10,
        });
        if (text === this.state.text.trim()) {
            this.state.results = results.map((result) => ({
                ...result,
                html: markup(result.answer),
            }));
            this.state.openId = results.length ? results[0].id : false;
            this.state.searched = true;
        }
    }

    toggle(result) {
        this.state.openId = this.state.openId === result.id ? false : result.id;
    }

    async copy(result) {
        const counts = await this.orm.call("fuxi.qa", "mark_used", [[result.id]]);
        result.use_count = counts[result.id] ?? result.use_count + 1;
        // not awaited: a browser may hold the promise while it asks for the permission
        browser.navigator.clipboard?.writeText(result.answer_text).catch(() => {
            // no clipboard (insecure page): the answer is on screen to read out
        });
        this.notification.add(_t("Answer copied."), {type: "success"});
    }
}

export class QaSearchSystray extends Component {
    static template = "fuxi_service.QaSearchSystray";
    static props = {};

    setup() {
        this.dialog = useService("dialog");
    }

    open() {
        this.dialog.add(QaSearchDialog, {});
    }
}

registry
    .category("systray")
    .add("fuxi_service.qa_search", {Component: QaSearchSystray}, {sequence: 30});
