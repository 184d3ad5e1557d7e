-- What a Lightning invoice is priced at in a fiat currency, fixed when it is made (plans priced in fiat, or in sats
-- with a bitcoin price configured for display): fiat_amount in fiat_currency's minor unit (cents), btc_price the
-- price of one bitcoin used, as a decimal string. The sats in amount are what Lightning charges; neither figure is
-- ever recomputed. Null on invoices made without a bitcoin price, and on card invoices (already in a currency).
ALTER TABLE invoices ADD COLUMN fiat_currency TEXT;
ALTER TABLE invoices ADD COLUMN fiat_amount INTEGER;
ALTER TABLE invoices ADD COLUMN btc_price TEXT;
ALTER TABLE invoice_items ADD COLUMN fiat_amount INTEGER;
