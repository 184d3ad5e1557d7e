-- Membership changes heard on a relay, told to every process's live streams (see SQLite's V67 for the design): the
-- process that hears one bumps the relay's row, tenant_changed() (V51) gives the tenant a new change version, and each
-- process's open streams count that relay again.
CREATE TABLE member_changes (
    relay_id     TEXT PRIMARY KEY,
    tenant       TEXT NOT NULL,
    version      BIGINT NOT NULL,
    checked_from BIGINT NOT NULL
);
CREATE INDEX member_changes_tenant ON member_changes(tenant);

CREATE TRIGGER member_changes_changed AFTER INSERT OR UPDATE ON member_changes
    FOR EACH ROW EXECUTE FUNCTION tenant_changed();
