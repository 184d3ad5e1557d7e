-- The invoice a relay waits for had three names (this column, a Java field and the API field awaiting_payment_invoice):
-- the column takes the API's name. SQLite rewrites the indexes and triggers that mention it.
ALTER TABLE relays RENAME COLUMN first_invoice TO awaiting_payment_invoice;
