import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.rendering_tools import parse_inline_template

PARAM_LINE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")
OBJECT_FIELD = re.compile(r"\bobject\.([A-Za-z_][A-Za-z0-9_]*)")


class SmsTemplate(models.Model):
    _inherit = "sms.template"

    fuxi_sms_template_code = fields.Char(
        "Gateway template code",
        help="The code of this message's approved template at Alibaba Cloud (e.g. SMS_123456) "
        "or Tencent Cloud (e.g. 1234567). Chinese gateways send approved templates only.",
    )
    fuxi_sms_template_params = fields.Text(
        "Gateway template parameters",
        help="One parameter per line, in the template's order: name = value, where the value "
        "may use placeholders such as {{ object.name }}.",
    )

    @api.constrains("fuxi_sms_template_params", "model_id")
    def _check_fuxi_sms_template_params(self):
        for template in self:
            template._fuxi_parse_params()

    def _fuxi_parse_params(self):
        """[(name, value template), …]; a clear error for a bad line or an unknown field."""
        self.ensure_one()
        params, seen = [], set()
        model_fields = self.env[self.model]._fields if self.model in self.env else {}
        for number, line in enumerate((self.fuxi_sms_template_params or "").splitlines(), 1):
            if not line.strip():
                continue
            match = PARAM_LINE.match(line)
            if not match:
                raise ValidationError(
                    _(
                        "Gateway template parameters, line %(number)s: write “name = value”, "
                        "not “%(line)s”.",
                        number=number,
                        line=line.strip(),
                    )
                )
            name, value = match.groups()
            if name in seen:
                raise ValidationError(
                    _("Gateway template parameter “%(name)s” is given twice.", name=name)
                )
            seen.add(name)
            for _literal, expression, _default in parse_inline_template(value):
                for field_name in OBJECT_FIELD.findall(expression or ""):
                    if field_name not in model_fields:
                        raise ValidationError(
                            _(
                                "Unknown placeholder “object.%(field)s” in parameter "
                                "“%(name)s”: %(model)s has no such field.",
                                field=field_name,
                                name=name,
                                model=self.model_id.name or self.model,
                            )
                        )
            params.append((name, value))
        return params

    def _fuxi_render_params(self, res_ids):
        """{res_id: [[name, value], …]} for these records."""
        self.ensure_one()
        rendered = {res_id: [] for res_id in res_ids}
        for name, value in self._fuxi_parse_params():
            values = self._render_template(value, self.model, res_ids, engine="inline_template")
            for res_id in res_ids:
                rendered[res_id].append([name, str(values.get(res_id) or "")])
        return rendered
