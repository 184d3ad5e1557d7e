-- A wallet's payment_received notification names a payment hash: the open invoice it belongs to is found by index.
CREATE INDEX admission_invoices_pending_hash ON admission_invoices(payment_hash) WHERE state = 'pending';
