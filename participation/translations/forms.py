"""Forms of the translation screens."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..core.sanitize import normalise_text
from .blocks import blocks_to_text, paragraphs_to_text, text_to_blocks, text_to_paragraphs

BLOCKS_HELP = _l(
    "One paragraph per block, blocks separated by an empty line; "
    "list entries are lines starting with \"- \"."
)
PARAGRAPHS_HELP = _l("Separate paragraphs with an empty line.")


class ContentTranslationForm(FlaskForm):
    """Every translatable field; a screen shows those of its entity type."""

    title = StringField(_l("Title"), validators=[Optional(), Length(max=300)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    objective = TextAreaField(_l("Objective"), validators=[Optional(), Length(max=5000)])
    intro = TextAreaField(_l("Introduction"), description=PARAGRAPHS_HELP,
                          validators=[Optional(), Length(max=30000)])
    macro_actions = TextAreaField(_l("Macro-actions"), description=BLOCKS_HELP,
                                  validators=[Optional(), Length(max=30000)])
    text = TextAreaField(_l("Text"), description=PARAGRAPHS_HELP, validators=[Optional(), Length(max=30000)])

    def fill(self, values):
        """Show stored values (any shape) as text."""
        for name, value in values.items():
            if name == "macro_actions":
                self[name].data = blocks_to_text(value)
            elif name == "intro":
                self[name].data = paragraphs_to_text(value)
            else:
                self[name].data = value or ""

    def values(self, names):
        """The submitted text of ``names``, parsed into the shape of the originals."""
        result = {}
        for name in names:
            text = (self[name].data or "").strip()
            if name == "macro_actions":
                result[name] = text_to_blocks(text)
            elif name == "intro":
                result[name] = text_to_paragraphs(text)
            elif name == "text":  # kept as written, paragraphs and line breaks too
                result[name] = normalise_text(text)
            else:
                result[name] = " ".join(text.split()) if name in ("title", "name") else text
        return result
