"""When runs happen: run times (``--times``, ``--cron``), time zones and DST, the waiter loop.

Only :mod:`kometa.timing.clock` reads the wall clock or sleeps; everything else takes a moment
or a clock object.
"""
