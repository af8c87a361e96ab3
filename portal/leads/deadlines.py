"""Deadlines per stage in working days: placeholder until built."""


def start(lead, stage, start_date):
    pass


def meet(lead, stage):
    pass


def refresh_due(lead):
    pass


def extend(lead, stage, user, reason):
    raise NotImplementedError
