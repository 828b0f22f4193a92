import {registry} from "@web/core/registry";

/**
 * A marketing user builds a win-back audience and sees its count, then sends an SMS
 * campaign to it; later (once the gateway reported and a guest replied "T") the campaign
 * shows what was delivered, what failed and who opted out.
 */
registry.category("web_tour.tours").add("fuxi_campaign_tour", {
    steps: () => [
        {
            content: "New audience",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] input",
            run: "edit 挽回老客",
        },
        {
            content: "In the test region",
            trigger: ".o_field_widget[name=region_ids] input",
            run: "edit 活动测试区",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains(活动测试区)",
            run: "click",
        },
        {
            content: "Guests not seen for 60 days",
            trigger: ".o_field_widget[name=absent_days] input",
            run: "edit 60",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_breadcrumb .active:contains(挽回老客)",
        },
        {
            content: "The count of guests reached: the four win-back guests",
            trigger: ".o_field_widget[name=count_recipients]:contains(4)",
        },
        {
            content: "Three of them by SMS (one has no consent)",
            trigger: ".o_field_widget[name=count_sms]:contains(3)",
        },
        {
            content: "To the campaigns",
            trigger:
                '.o_menu_sections [data-menu-xmlid="fuxi_marketing.menu_fuxi_marketing_root"]',
            run: "click",
        },
        {
            content: "Campaigns",
            trigger:
                '.o-dropdown-item[data-menu-xmlid="fuxi_marketing.mailing_mailing_menu_fuxi_campaign"]',
            run: "click",
        },
        {
            content: "New campaign",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Its title",
            trigger: ".o_field_widget[name=sms_subject] input",
            run: "edit 老客回访",
        },
        {
            content: "The win-back audience",
            trigger: ".o_field_widget[name=fuxi_audience_id] input",
            run: "edit 挽回老客",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains(挽回老客)",
            run: "click",
        },
        {
            content: "The text, with the guest's name",
            trigger: ".o_field_widget[name=body_plaintext] textarea",
            run: "edit {{ object.name }}您好，好久不见，本月回店享9折。",
        },
        {
            content: "Send",
            trigger: "button[name=action_put_in_queue]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "In the queue",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value=in_queue]",
        },
    ],
});

registry.category("web_tour.tours").add("fuxi_campaign_result_tour", {
    steps: () => [
        {
            content: "Open the campaign",
            trigger: ".o_data_row td[name=subject]:contains(老客回访)",
            run: "click",
        },
        {
            content: "Its hold-out and effect page",
            trigger: ".o_notebook a[name=fuxi_campaign]",
            run: "click",
        },
        {
            content: "Two delivered",
            trigger: ".o_field_widget[name=delivered]:contains(2)",
        },
        {
            content: "One failed, with the gateway's reason",
            trigger: ".o_field_widget[name=failed]:contains(1)",
        },
        {
            content: "The reason",
            trigger: ".o_field_widget[name=fuxi_failure_summary]:contains(用户停机)",
        },
        {
            content: "One guest opted out by replying T",
            trigger: ".o_field_widget[name=fuxi_optout_count]:contains(1)",
        },
    ],
});
