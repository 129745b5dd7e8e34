"""What the MAX bot says beyond the dialog's own texts (bot_dialog.texts)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ALREADY_REGISTERED = _("You are already registered with this MAX account.")
CV_DOWNLOAD_FAILED = _("Sorry, I could not download that file from MAX. Please send it again.")
BUTTON_TAPPED = pgettext_lazy("a tapped button's short notice", "Done")
