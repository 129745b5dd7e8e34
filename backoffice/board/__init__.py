"""The board of a vacancy: one column per stage, one card per application, moved by drag and drop
or by each card's "Move to" form; every move goes through candidates.services.application_status_change."""
