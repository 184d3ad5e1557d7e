-- Issue 43: the operator's money view (money.MoneyStore); see SQLite's V80 for the design. The same tables, kept by
-- triggers in the same transaction as the rows they sum; what a paid invoice adds is one set of functions, used by the
-- trigger and by the backfill below alike.

-- months since year 0 in UTC: year * 12 + month - 1
CREATE FUNCTION money_month(t BIGINT) RETURNS BIGINT LANGUAGE sql STABLE AS $$
    SELECT (extract(year FROM to_timestamp(t) AT TIME ZONE 'UTC') * 12
            + extract(month FROM to_timestamp(t) AT TIME ZONE 'UTC') - 1)::bigint
$$;

CREATE FUNCTION money_way(i invoices) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN i.rail = 'card' THEN 'card'
                WHEN i.paid_hash IS NULL AND i.amount > i.credit_applied THEN 'card_checkout'
                WHEN i.paid_hash IS NULL THEN 'credit'
                WHEN i.autopay_started_at IS NOT NULL AND i.autopay_error IS NULL THEN 'autopay'
                ELSE 'lightning' END
$$;

CREATE FUNCTION money_fiat_currency(i invoices) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN i.rail = 'card' THEN upper(i.currency) ELSE coalesce(i.fiat_currency, '') END
$$;

CREATE FUNCTION money_sats(i invoices) RETURNS BIGINT LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN i.rail = 'card' THEN 0 ELSE i.amount - i.credit_applied END
$$;

CREATE FUNCTION money_fiat(i invoices) RETURNS BIGINT LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN i.rail = 'card' THEN i.amount
                WHEN i.fiat_amount IS NULL OR i.amount = 0 THEN 0
                ELSE i.fiat_amount * (i.amount - i.credit_applied) / i.amount END
$$;

CREATE TABLE money_revenue (
    month         BIGINT NOT NULL,
    way           TEXT NOT NULL,
    fiat_currency TEXT NOT NULL,
    invoices      BIGINT NOT NULL,
    sats          BIGINT NOT NULL,
    fiat          BIGINT NOT NULL,
    PRIMARY KEY (month, way, fiat_currency)
);
INSERT INTO money_revenue (month, way, fiat_currency, invoices, sats, fiat)
SELECT money_month(coalesce(v.paid_at, v.created_at)), money_way(v), money_fiat_currency(v),
       count(*), sum(money_sats(v)), sum(money_fiat(v))
FROM invoices v WHERE v.status = 'paid'
GROUP BY 1, 2, 3;

CREATE FUNCTION money_invoice_paid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO money_revenue (month, way, fiat_currency, invoices, sats, fiat)
    VALUES (money_month(coalesce(NEW.paid_at, NEW.created_at)), money_way(NEW), money_fiat_currency(NEW), 1,
            money_sats(NEW), money_fiat(NEW))
    ON CONFLICT (month, way, fiat_currency) DO UPDATE
        SET invoices = money_revenue.invoices + 1, sats = money_revenue.sats + excluded.sats,
            fiat = money_revenue.fiat + excluded.fiat;
    RETURN NULL;
END $$;

CREATE TRIGGER money_revenue_inserted AFTER INSERT ON invoices
    FOR EACH ROW WHEN (NEW.status = 'paid') EXECUTE FUNCTION money_invoice_paid();
CREATE TRIGGER money_revenue_settled AFTER UPDATE OF status ON invoices
    FOR EACH ROW WHEN (NEW.status = 'paid' AND OLD.status <> 'paid') EXECUTE FUNCTION money_invoice_paid();

CREATE TABLE money_relays (
    plan   TEXT NOT NULL,
    status TEXT NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (plan, status)
);
INSERT INTO money_relays (plan, status, n) SELECT plan, status, count(*) FROM relays GROUP BY plan, status;
CREATE TABLE money_owners (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO money_owners (id, n) SELECT 1, count(DISTINCT tenant) FROM relays;

CREATE TABLE money_moves (
    month     BIGINT NOT NULL,
    from_plan TEXT NOT NULL,
    to_plan   TEXT NOT NULL,
    n         BIGINT NOT NULL,
    PRIMARY KEY (month, from_plan, to_plan)
);

-- the plan a relay is served on, '' when it is not served (relays.RelayStateMachine.served)
CREATE FUNCTION money_served_plan(status TEXT, plan TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN status IN ('pending', 'active', 'provisioning_failed') THEN plan ELSE '' END
$$;

CREATE FUNCTION money_relay_counted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was TEXT := '';
    now_on TEXT := '';
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE money_relays SET n = n - 1 WHERE plan = OLD.plan AND status = OLD.status;
        was := money_served_plan(OLD.status, OLD.plan);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO money_relays (plan, status, n) VALUES (NEW.plan, NEW.status, 1)
        ON CONFLICT (plan, status) DO UPDATE SET n = money_relays.n + 1;
        now_on := money_served_plan(NEW.status, NEW.plan);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND was <> now_on THEN
        INSERT INTO money_moves (month, from_plan, to_plan, n)
        VALUES (money_month(CASE WHEN TG_OP = 'INSERT' THEN NEW.created_at ELSE NEW.updated_at END), was, now_on, 1)
        ON CONFLICT (month, from_plan, to_plan) DO UPDATE SET n = money_moves.n + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER money_relay_inserted AFTER INSERT OR DELETE ON relays
    FOR EACH ROW EXECUTE FUNCTION money_relay_counted();
CREATE TRIGGER money_relay_changed AFTER UPDATE OF plan, status ON relays
    FOR EACH ROW WHEN (OLD.plan IS DISTINCT FROM NEW.plan OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION money_relay_counted();

-- The people with relays, counted per statement: a row trigger here runs after the whole statement, so two relays of
-- one new person inserted (or deleted) together would each see the other and count nobody (or count them twice).
-- SQLite runs its row triggers as each row is written, so it counts per row.
CREATE FUNCTION money_owners_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE money_owners SET n = n + (
        SELECT count(DISTINCT a.tenant) FROM added a
        WHERE NOT EXISTS (SELECT 1 FROM relays r WHERE r.tenant = a.tenant
                            AND NOT EXISTS (SELECT 1 FROM added x WHERE x.id = r.id)));
    RETURN NULL;
END $$;
CREATE FUNCTION money_owners_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE money_owners SET n = n - (
        SELECT count(DISTINCT d.tenant) FROM removed d
        WHERE NOT EXISTS (SELECT 1 FROM relays r WHERE r.tenant = d.tenant));
    RETURN NULL;
END $$;
CREATE TRIGGER money_owners_inserted AFTER INSERT ON relays REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION money_owners_added();
CREATE TRIGGER money_owners_deleted AFTER DELETE ON relays REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION money_owners_removed();

-- see SQLite's V80: the invoices whose automatic payment failed or was held back
CREATE INDEX invoices_payment_failures ON invoices(created_at)
    WHERE autopay_error IS NOT NULL OR payment_error IS NOT NULL OR autopay_hold IS NOT NULL;
