"""Everything the bot says, translatable with gettext (English is the source language)."""

from django.utils.translation import gettext_lazy as _

from candidates.models import CandidateStatus

WELCOME_BACK = _("Welcome back, {name}! What would you like to do?")
WELCOME_CONTACT = _(
    "Hello! I am the recruitment bot. Let's register you first, it takes a minute: "
    "tap the button below to share your contact (your name and phone number), "
    "or type your phone number with the country code. You can stop at any time with /cancel.\n\n"
    "By sharing your contact or phone number you accept our data-processing policy:\n{policy}"
)
WELCOME_FOR_VACANCY = _("You are applying for: {vacancy}")
SHARE_CONTACT_BUTTON = _("Accept and share my contact")
CONFIRM_CONTACT = _("Is this right?\nFirst name: {name}\nLast name: {surname}\nPhone: {phone}")
BUTTON_YES = _("Yes, that's right")
BUTTON_EDIT_NAME = _("Change the name")
ASK_FIRST_NAME = _("What is your first name?")
ASK_LAST_NAME = _("Thanks, {name}. What is your last name?")
ASK_PHONE = _(
    "What is your phone number? Tap the button below to share it, "
    "or type it with the country code, e.g. +44 7911 123456."
)
ASK_EMAIL = _("What is your email address?")
ASK_DOB = _("What is your date of birth? Please use the format DD.MM.YYYY, e.g. 24.05.1994.")
REGISTERED = _("You are registered, {name}! Have a look at our open vacancies.")
REGISTERED_SHORT = _("You are registered, {name}!")
ALREADY_REGISTERED = _("You are already registered with this Telegram account.")
CANCELLED = _("Cancelled. Send /start whenever you want to continue.")
NOTHING_TO_CANCEL = _("There is nothing to cancel. Send /start to see the menu.")
BUTTON_OUT_OF_DATE = _("This button is out of date. Send /start to see the menu.")
SHARE_PHONE_BUTTON = _("Share my phone number")

BAD_NAME = _(
    "That does not look like a name. Please use letters only (spaces, hyphens and apostrophes are fine), "
    "at most {max} characters."
)
BAD_PHONE = _(
    "That does not look like a phone number. Please type it with the country code, "
    "e.g. +44 7911 123456, or tap the button to share it."
)
FOREIGN_CONTACT = _("Please share your own phone number, not someone else's contact.")
BAD_EMAIL = _("That does not look like an email address. Please check it and send it again.")
BAD_DOB_FORMAT = _("I could not read that date. Please use the format DD.MM.YYYY, e.g. 24.05.1994.")
BAD_DOB_NO_SUCH_DAY = _(
    "There is no such day in the calendar. Please check the day and the month, e.g. 24.05.1994."
)
BAD_DOB_AGE = _("Please check the date: applicants must be between {min} and {max} years old.")
REGISTRATION_FAILED = _("Sorry, I could not register you: {reason} Send /start to try again.")
EXPECTING_TEXT = _("Please answer with text. Send /cancel to stop the registration.")

MENU_VACANCIES = _("Vacancies")
MENU_APPLICATIONS = _("My applications")
HELP = _(
    "/start - the main menu\n/vacancies - open vacancies\n/applications - your applications\n"
    "/language - change the language\n/cancel - stop what you are doing\n\n"
    "Any other message goes to our HR team."
)
CHOOSE_LANGUAGE = _("Which language should I speak?")
LANGUAGE_SET = _("Done: I will speak English with you. Send /start for the menu.")

# The "/" menu, registered per language with setMyCommands when the bot starts.
COMMANDS = {
    "start": _("Main menu"),
    "vacancies": _("Open vacancies"),
    "applications": _("My applications"),
    "language": _("Change the language"),
    "help": _("What I can do"),
    "cancel": _("Stop what you are doing"),
}
NOT_REGISTERED = _("You are not registered yet. Send /start to register.")
UNKNOWN_COMMAND = _("I do not know that command. Send /help to see what I can do.")

NO_VACANCIES = _("There are no open vacancies at the moment. Please check back later.")
VACANCY_LIST = _("Open vacancies (page {page} of {pages}). Tap one to see the details.")
VACANCY_GONE = _("This vacancy is no longer open.")
VACANCY_DETAILS = _("{name}\n\n{description}\n\nRequirements:\n{requirements}")
BUTTON_APPLY = _("Apply")
BUTTON_BACK = _("Back to the list")
BUTTON_PREVIOUS = _("« Previous")
BUTTON_NEXT = _("Next »")

ASK_CV = _(
    "Applying for: {vacancy}\n\nPlease send your CV as a document: PDF, DOCX or TXT, at most {max_mb} MB. "
    "Send /cancel to stop."
)
ALREADY_APPLIED = _("You have already applied for {vacancy}. We will be in touch, no need to apply again.")
STILL_WAITING_FOR_CV = _(
    "I am still waiting for your CV as a document (PDF, DOCX or TXT). Send /cancel to stop applying."
)
CV_EXPECTED = _("Please send your CV as a document (PDF, DOCX or TXT), or /cancel to stop applying.")
# {reason}: why, from candidates.services.cv_check, e.g. "The CV must be a PDF, DOCX or TXT file."
CV_REJECTED = _("Sorry, I could not use that file. {reason} Please send another one.")
APPLIED = _(
    "Thank you! Your application for {vacancy} has been received. We will review it and get back to you here."
)

BUTTON_NEW_CV = _("New CV: {vacancy}")
BUTTON_WITHDRAW = _("Withdraw: {vacancy}")
BUTTON_EDIT_DETAILS = _("Change my email or phone")
ASK_NEW_CV = _(
    "Send your new CV for {vacancy} as a document: PDF, DOCX or TXT, at most {max_mb} MB. Send /cancel to stop."
)
NEW_CV_STORED = _("Thank you! Your new CV for {vacancy} has been stored and passed to our team.")
CONFIRM_WITHDRAW = _("Withdraw your application for {vacancy}? This cannot be undone.")
BUTTON_CONFIRM_WITHDRAW = _("Yes, withdraw")
BUTTON_KEEP = _("No, keep it")
WITHDRAWN = _("Your application for {vacancy} has been withdrawn. Our team has been told.")
WITHDRAWN_FOR_HR = _("[Withdrawn] I withdraw my application for {vacancy}.")
APPLICATION_CLOSED = _("This application is already closed.")
EDIT_WHAT = _("Your email: {email}\nYour phone: {phone}\n\nWhat would you like to change?")
BUTTON_EMAIL = _("Email")
BUTTON_PHONE = _("Phone")
ASK_NEW_EMAIL = _("What is your new email address? Send /cancel to keep the current one.")
ASK_NEW_PHONE = _("What is your new phone number? Send /cancel to keep the current one.")
CONTACT_UPDATED = _("Done, your details are updated.")
NO_APPLICATIONS = _("You have not applied for any vacancy yet.")
APPLICATIONS_HEADER = _("Your applications:")
APPLICATION_LINE = _("• {vacancy} (applied {date}): {status}")

INTERVIEW_CONFIRMED = _("Thank you! The interview is confirmed. See you then.")
INTERVIEW_RESCHEDULE_ASKED = _("Thank you! We will propose another time.")
INTERVIEW_NOT_PLANNED = _("This interview is no longer planned.")
# `/hr <code>`, for HR staff linking their notifications to this chat.
HR_LINK_UNKNOWN_CODE = _("This code is unknown or has expired. Create a new one in the back-office.")
HR_LINKED = _("Done: %(user)s will get back-office notifications in this chat.")

HR_NOTE = _("Thanks, your message has been passed to our HR team. They will answer you here.")
APOLOGY = _("Sorry, something went wrong on our side. Please try again in a moment.")

STATUS_WORDS = {
    CandidateStatus.NEW: _("received, we will review it soon"),
    CandidateStatus.REVIEWING: _("being reviewed by our team"),
    CandidateStatus.TEST_ASSIGNED: _("a technical test is waiting for you"),
    CandidateStatus.TEST_COMPLETED: _("test completed, we are reviewing your results"),
    CandidateStatus.INTERVIEW: _("invited to an interview"),
    CandidateStatus.ACCEPTED: _("accepted, congratulations!"),
    CandidateStatus.REJECTED: _("we decided not to move forward this time"),
}

STATUS_WITHDRAWN = _("withdrawn by you")
CV_WITHOUT_VACANCY = _("To send us your CV, open the vacancies, choose one and tap Apply.")
TEXT_ONLY_FOR_HR = _("I can only pass text messages on to our HR team. Please write your message as text.")
CV_DOWNLOAD_FAILED = _("Sorry, I could not download that file from Telegram. Please send it again.")
