import {registry} from "@web/core/registry";

/**
 * A customer user registers a guest from the Fuxi app: the code is given on save and the
 * guest has the default class.
 */
registry.category("web_tour.tours").add("fuxi_customer_register_guest", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Fuxi app",
            trigger: '.o_app[data-menu-xmlid="fuxi_customer.menu_fuxi_root"]',
            run: "click",
        },
        {
            content: "Create a guest",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Type the guest's name",
            trigger: ".o_field_widget[name=name] :is(input, textarea)",
            run: "edit 欧阳娜娜",
        },
        {
            content: "Mobile",
            trigger: ".o_field_widget[name=mobile] input",
            run: "edit 13812345678",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the breadcrumb shows the guest",
            trigger: ".o_breadcrumb .active:contains(欧阳娜娜)",
        },
        {
            content:
                "The customer code was given from the sequence (once the save is back)",
            trigger: ".o_field_widget[name=ref] input",
            async run() {
                const code = () =>
                    document.querySelector(".o_field_widget[name=ref] input").value;
                for (let wait = 0; wait < 100 && !code().startsWith("TOUR"); wait++) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                if (!code().startsWith("TOUR")) {
                    throw new Error(`customer code not assigned: "${code()}"`);
                }
            },
        },
        {
            content: "The default class is shown",
            trigger: ".o_field_widget[name=customer_class_id] input",
            run() {
                if (!this.anchor.value) {
                    throw new Error("no customer class");
                }
            },
        },
    ],
});
