"""Background jobs behind one interface (issue 17): camera analysis, PDF reports, alert evaluation, walk
analysis. Home mode runs them in-process on a thread; clinic mode queues them on PostgreSQL with
Procrastinate and ``supple worker`` processes (on this machine or others) run them.

Every job has a key made when it is submitted; its progress and its result live in the ``job_result``
table, written once (``supple.jobs.store``), so a job retried after a worker was killed never stores
a second result. See docs/clinic.md, "Background jobs".
"""
