import {useEffect} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {useDebounced} from "@web/core/utils/timing";
import {TextField, textField} from "@web/views/fields/text/text_field";

/**
 * A text field that hands what is typed to the record after a short pause, so that the
 * fields computed from it (the suggested Q&A answers) follow the typing instead of waiting
 * for the user to leave the field.
 */
export class LiveTextField extends TextField {
    setup() {
        super.setup();
        this.pushTyped = useDebounced(this.pushTyped, 400);
        useEffect(
            (textarea) => {
                if (!textarea) {
                    return;
                }
                const onInput = () => this.pushTyped();
                textarea.addEventListener("input", onInput);
                return () => textarea.removeEventListener("input", onInput);
            },
            () => [this.textareaRef.el]
        );
    }

    pushTyped() {
        const textarea = this.textareaRef.el;
        const {record, name} = this.props;
        if (
            textarea &&
            !this.props.readonly &&
            textarea.value !== (record.data[name] || "")
        ) {
            return record.update({[name]: textarea.value});
        }
    }
}

registry
    .category("fields")
    .add("fuxi_live_text", {...textField, component: LiveTextField});
