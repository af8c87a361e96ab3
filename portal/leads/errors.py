class TransitionError(Exception):
    """An action on a lead refused: the message is for the user (translated)."""
