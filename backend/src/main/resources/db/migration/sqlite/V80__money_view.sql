-- Issue 43: the operator's money view (money.MoneyStore). Its figures are sums over the whole platform (1,000,000
-- invoices and 200,000 relays on the scale bench's seed), so they are kept by triggers in the same transaction as the
-- rows they sum, as list_totals is (V68), and the view reads a few dozen rows instead of scanning the tables.
--
-- A month is counted as months since year 0 in UTC: year * 12 + month - 1 (2026-11 is 24322).
--
-- money_revenue: every paid invoice once, in the month it was paid, by the way it was paid:
--   card           a card-rail invoice Stripe reported paid (fiat in its currency, no sats),
--   card_checkout  a Lightning invoice paid through a card checkout (paid with no Lightning payment hash),
--   credit         a Lightning invoice the tenant's credit covered in full (nothing was received),
--   autopay        paid from the tenant's own wallet by autopay (started and not failed),
--   lightning      any other payment of its Lightning request (by hand).
-- sats and fiat are what was received: the amount less the credit applied; fiat is the invoice's fiat figure in the
-- same proportion (a Lightning invoice keeps the fiat price it was made at, V48), or a card invoice's amount, in the
-- minor unit of fiat_currency ('' when the invoice had no fiat figure).
CREATE TABLE money_revenue (
    month         INTEGER NOT NULL,
    way           TEXT NOT NULL,
    fiat_currency TEXT NOT NULL,
    invoices      INTEGER NOT NULL,
    sats          INTEGER NOT NULL,
    fiat          INTEGER NOT NULL,
    PRIMARY KEY (month, way, fiat_currency)
);
INSERT INTO money_revenue (month, way, fiat_currency, invoices, sats, fiat)
SELECT month, way, fiat_currency, count(*), sum(sats), sum(fiat) FROM (
    SELECT CAST(strftime('%Y', coalesce(paid_at, created_at), 'unixepoch') AS INTEGER) * 12
               + CAST(strftime('%m', coalesce(paid_at, created_at), 'unixepoch') AS INTEGER) - 1 AS month,
           CASE WHEN rail = 'card' THEN 'card'
                WHEN paid_hash IS NULL AND amount > credit_applied THEN 'card_checkout'
                WHEN paid_hash IS NULL THEN 'credit'
                WHEN autopay_started_at IS NOT NULL AND autopay_error IS NULL THEN 'autopay'
                ELSE 'lightning' END AS way,
           CASE WHEN rail = 'card' THEN upper(currency) ELSE coalesce(fiat_currency, '') END AS fiat_currency,
           CASE WHEN rail = 'card' THEN 0 ELSE amount - credit_applied END AS sats,
           CASE WHEN rail = 'card' THEN amount
                WHEN fiat_amount IS NULL OR amount = 0 THEN 0
                ELSE fiat_amount * (amount - credit_applied) / amount END AS fiat
    FROM invoices WHERE status = 'paid')
GROUP BY month, way, fiat_currency;

CREATE TRIGGER money_revenue_inserted AFTER INSERT ON invoices WHEN NEW.status = 'paid' BEGIN
    INSERT INTO money_revenue (month, way, fiat_currency, invoices, sats, fiat) VALUES (
        CAST(strftime('%Y', coalesce(NEW.paid_at, NEW.created_at), 'unixepoch') AS INTEGER) * 12
            + CAST(strftime('%m', coalesce(NEW.paid_at, NEW.created_at), 'unixepoch') AS INTEGER) - 1,
        CASE WHEN NEW.rail = 'card' THEN 'card'
             WHEN NEW.paid_hash IS NULL AND NEW.amount > NEW.credit_applied THEN 'card_checkout'
             WHEN NEW.paid_hash IS NULL THEN 'credit'
             WHEN NEW.autopay_started_at IS NOT NULL AND NEW.autopay_error IS NULL THEN 'autopay'
             ELSE 'lightning' END,
        CASE WHEN NEW.rail = 'card' THEN upper(NEW.currency) ELSE coalesce(NEW.fiat_currency, '') END,
        1,
        CASE WHEN NEW.rail = 'card' THEN 0 ELSE NEW.amount - NEW.credit_applied END,
        CASE WHEN NEW.rail = 'card' THEN NEW.amount
             WHEN NEW.fiat_amount IS NULL OR NEW.amount = 0 THEN 0
             ELSE NEW.fiat_amount * (NEW.amount - NEW.credit_applied) / NEW.amount END)
    ON CONFLICT (month, way, fiat_currency) DO UPDATE
        SET invoices = invoices + 1, sats = sats + excluded.sats, fiat = fiat + excluded.fiat;
END;

CREATE TRIGGER money_revenue_settled AFTER UPDATE OF status ON invoices
WHEN NEW.status = 'paid' AND OLD.status <> 'paid' BEGIN
    INSERT INTO money_revenue (month, way, fiat_currency, invoices, sats, fiat) VALUES (
        CAST(strftime('%Y', coalesce(NEW.paid_at, NEW.created_at), 'unixepoch') AS INTEGER) * 12
            + CAST(strftime('%m', coalesce(NEW.paid_at, NEW.created_at), 'unixepoch') AS INTEGER) - 1,
        CASE WHEN NEW.rail = 'card' THEN 'card'
             WHEN NEW.paid_hash IS NULL AND NEW.amount > NEW.credit_applied THEN 'card_checkout'
             WHEN NEW.paid_hash IS NULL THEN 'credit'
             WHEN NEW.autopay_started_at IS NOT NULL AND NEW.autopay_error IS NULL THEN 'autopay'
             ELSE 'lightning' END,
        CASE WHEN NEW.rail = 'card' THEN upper(NEW.currency) ELSE coalesce(NEW.fiat_currency, '') END,
        1,
        CASE WHEN NEW.rail = 'card' THEN 0 ELSE NEW.amount - NEW.credit_applied END,
        CASE WHEN NEW.rail = 'card' THEN NEW.amount
             WHEN NEW.fiat_amount IS NULL OR NEW.amount = 0 THEN 0
             ELSE NEW.fiat_amount * (NEW.amount - NEW.credit_applied) / NEW.amount END)
    ON CONFLICT (month, way, fiat_currency) DO UPDATE
        SET invoices = invoices + 1, sats = sats + excluded.sats, fiat = fiat + excluded.fiat;
END;

-- money_relays: relays by plan and status (recurring revenue is the served relays on paid plans at their price; which
-- plans are paid is the catalog's, read by the view). money_owners: the people with at least one relay, counted apart
-- from everyone who ever signed in (a sign-in makes a tenants row).
CREATE TABLE money_relays (
    plan   TEXT NOT NULL,
    status TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (plan, status)
);
INSERT INTO money_relays (plan, status, n) SELECT plan, status, count(*) FROM relays GROUP BY plan, status;
CREATE TABLE money_owners (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO money_owners (id, n) SELECT 1, count(DISTINCT tenant) FROM relays;

-- money_moves: each relay's move in or out of service on a plan, by month: from_plan and to_plan are its plan while
-- it is served ('pending', 'active', 'provisioning_failed': relays.RelayStateMachine.served) and '' while it is not
-- (new, awaiting its first payment, suspended, deactivated). A move from a paid plan to '' or to a free plan is a
-- paid relay lost (churn); the view reads which plans are paid from the catalog. Counted from this migration on: the
-- relays' earlier moves were not recorded. The time is the row's own (created_at, updated_at: the platform's clock).
CREATE TABLE money_moves (
    month     INTEGER NOT NULL,
    from_plan TEXT NOT NULL,
    to_plan   TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (month, from_plan, to_plan)
);

CREATE TRIGGER money_relay_inserted AFTER INSERT ON relays BEGIN
    INSERT INTO money_relays (plan, status, n) VALUES (NEW.plan, NEW.status, 1)
    ON CONFLICT (plan, status) DO UPDATE SET n = n + 1;
    UPDATE money_owners SET n = n + 1
    WHERE NOT EXISTS (SELECT 1 FROM relays WHERE tenant = NEW.tenant AND id <> NEW.id);
    INSERT INTO money_moves (month, from_plan, to_plan, n)
    SELECT CAST(strftime('%Y', NEW.created_at, 'unixepoch') AS INTEGER) * 12
               + CAST(strftime('%m', NEW.created_at, 'unixepoch') AS INTEGER) - 1, '', NEW.plan, 1
    WHERE NEW.status IN ('pending', 'active', 'provisioning_failed')
    ON CONFLICT (month, from_plan, to_plan) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER money_relay_deleted AFTER DELETE ON relays BEGIN
    UPDATE money_relays SET n = n - 1 WHERE plan = OLD.plan AND status = OLD.status;
    UPDATE money_owners SET n = n - 1 WHERE NOT EXISTS (SELECT 1 FROM relays WHERE tenant = OLD.tenant);
END;

CREATE TRIGGER money_relay_changed AFTER UPDATE OF plan, status ON relays
WHEN OLD.plan <> NEW.plan OR OLD.status <> NEW.status BEGIN
    UPDATE money_relays SET n = n - 1 WHERE plan = OLD.plan AND status = OLD.status;
    INSERT INTO money_relays (plan, status, n) VALUES (NEW.plan, NEW.status, 1)
    ON CONFLICT (plan, status) DO UPDATE SET n = n + 1;
    INSERT INTO money_moves (month, from_plan, to_plan, n)
    SELECT CAST(strftime('%Y', NEW.updated_at, 'unixepoch') AS INTEGER) * 12
               + CAST(strftime('%m', NEW.updated_at, 'unixepoch') AS INTEGER) - 1,
           CASE WHEN OLD.status IN ('pending', 'active', 'provisioning_failed') THEN OLD.plan ELSE '' END,
           CASE WHEN NEW.status IN ('pending', 'active', 'provisioning_failed') THEN NEW.plan ELSE '' END, 1
    WHERE (CASE WHEN OLD.status IN ('pending', 'active', 'provisioning_failed') THEN OLD.plan ELSE '' END)
       <> (CASE WHEN NEW.status IN ('pending', 'active', 'provisioning_failed') THEN NEW.plan ELSE '' END)
    ON CONFLICT (month, from_plan, to_plan) DO UPDATE SET n = n + 1;
END;

-- The invoices whose automatic payment failed or was held back (autopay's error or hold, a card charge's error): few
-- among a million, found by this index alone (money.MoneyStore's query repeats its condition word for word).
CREATE INDEX invoices_payment_failures ON invoices(created_at)
    WHERE autopay_error IS NOT NULL OR payment_error IS NOT NULL OR autopay_hold IS NOT NULL;
