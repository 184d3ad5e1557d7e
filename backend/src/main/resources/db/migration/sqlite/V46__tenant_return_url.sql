-- Where a tenant's hosting app asked to be sent back after a payment page (Flotilla's POST /tenants return_url):
-- kept only when its origin is one the operator allows (FLOTILLA_ALLOW_ORIGINS); null when none was kept.
ALTER TABLE tenants ADD COLUMN return_url TEXT;
