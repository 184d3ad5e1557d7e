-- Issue 27: relays live on one of several zooid nodes (ZOOID_NODES). zooid_node names the node a relay is placed on;
-- NULL is the default node, where every relay created before nodes existed lives. relay_domain is the domain the
-- relay's address was made under when it was placed (its URL is <subdomain>.<relay_domain>), kept apart from the
-- node so that moving a relay to another node never changes its URL; NULL is the default node's relay domain (the
-- RELAY_DOMAIN every older relay was created under).
ALTER TABLE relays ADD COLUMN zooid_node TEXT;
ALTER TABLE relays ADD COLUMN relay_domain TEXT;

-- Placement counts each node's relays on every create.
CREATE INDEX relays_zooid_node ON relays(zooid_node);
