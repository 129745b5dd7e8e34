"""Who may apply by age: the one rule of the bot's and the careers page's date of birth."""

import datetime as dt

MIN_AGE, MAX_AGE = 14, 100


def age_on(dob: dt.date, today: dt.date) -> int:
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def age_allowed(dob: dt.date, today: dt.date) -> bool:
    return MIN_AGE <= age_on(dob, today) <= MAX_AGE
