-- Issue 44: the moderation queue (moderation.ModerationQueue). One item per reported or automatically removed event
-- of a relay (or per reported person, for reports that name no event), with its state: waiting, being decided (the
-- one request that won the compare-and-set is acting on the relay), decided. The whole signed event is kept when
-- Caravel had it, so a removed or hidden event can be published again on restore.
CREATE TABLE moderation_items (
    relay_id TEXT NOT NULL,
    item TEXT NOT NULL,                    -- the event id, or 'p:' and the pubkey for a report about a person
    event_id TEXT,
    author TEXT,
    event_json TEXT,                       -- the signed event, as the relay served it
    cause TEXT CHECK (cause IN ('blocked_words', 'first_post_held', 'hidden_after_reports')),
    cause_detail TEXT,
    removed INTEGER NOT NULL DEFAULT 0,    -- 1 while the event is banned on the relay by a rule or a hide
    state TEXT NOT NULL CHECK (state IN ('waiting', 'deciding', 'decided')),
    decision TEXT CHECK (decision IN ('deleted', 'banned', 'dismissed', 'restored')),
    decided_by TEXT,
    decided_at BIGINT,
    note TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (relay_id, item)
);

-- the navigation's count and the waiting list: one index range per relay and state
CREATE INDEX moderation_items_state ON moderation_items(relay_id, state, updated_at);

-- the reports behind each item; member says whether the reporter was a member when the report arrived (only
-- members' reports count toward hiding, each member once)
CREATE TABLE moderation_reports (
    relay_id TEXT NOT NULL,
    report_id TEXT NOT NULL,
    item TEXT NOT NULL,
    reporter TEXT NOT NULL,
    member INTEGER NOT NULL,
    report_type TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (relay_id, report_id)
);

CREATE INDEX moderation_reports_item ON moderation_reports(relay_id, item, seen_at);

-- each relay's queue settings: hide after N distinct members' reports (NULL: off), the digest DM (on unless turned off)
CREATE TABLE moderation_settings (
    relay_id TEXT PRIMARY KEY,
    hide_after INTEGER CHECK (hide_after IS NULL OR (hide_after >= 2 AND hide_after <= 1000)),
    digest INTEGER NOT NULL DEFAULT 1,
    updated_by TEXT,
    updated_at BIGINT NOT NULL
);
