"""Use cases. Each public function is one transaction: it commits fully or writes nothing."""
