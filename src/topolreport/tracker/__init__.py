"""Where each recommendation stands: the progress signal computed from the editions, and the
editorial status a person sets, with its audit trail."""
