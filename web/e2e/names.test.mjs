// End-to-end test of custom domains and NIP-05 names in Debian's Chromium (playwright-core) against the full local
// stack and the backend jar, whose DNS_RESOLVERS is the stack's DNS server (stack/dns, set through its control interface): the
// owner sets a domain on the relay page and sees the two records; once they exist in that DNS the check verifies it,
// but nothing routes custom domains on the local stack (no Caddy, no CADDY_ADMIN_URL), so the card says so and every
// address shown (relay URL, invite link, a member's relay address) stays the relay's usual one, which answers; the
// owner gives a member a name in the Members card; another member signs in and claims a name on My communities (a
// name someone else holds is refused); the relay's host has a port, so no name@host:port address is shown, and each
// name resolves through /.well-known/nostr.json at the relay's host; someone with no membership sees the empty state;
// the owner removes the domain.
//   cd web && bun run e2e:names      (needs backend/target/caravel.jar and /usr/bin/chromium)
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import {
  DESKTOP,
  PHONE,
  api,
  apiSession,
  browserSuite,
  eventually,
  loginWithNsec,
  newKey,
  openSection,
  stopAll,
} from "./harness.mjs";
const suite = browserSuite({ navigationTimeout: 30_000, dns: true });
const { openPage } = suite;
const RUN = Math.random().toString(36).slice(2, 6);
const T = { timeout: 240_000 };

after(
  async () => {
    await suite.close();
    await stopAll();
  },
  { timeout: 60_000 },
);

/** Sets the name's one record of the type on the stack's DNS server (its control interface). */
async function dnsRecord(name, type, value) {
  const r = await fetch(`${suite.env.stack.dns_control_url}/records`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, type, values: [value] }),
  });
  if (r.status !== 200) throw new Error(`DNS record not set: ${r.status} ${await r.text()}`);
}

/** GET a path of the backend as a request for `host` would reach it (the proxy keeps the Host): for nostr.json. */
function getAtHost(base, host, path) {
  const u = new URL(base);
  return new Promise((res, rej) => {
    const req = httpRequest(
      { host: u.hostname, port: u.port, path, method: "GET", headers: { Host: host, Accept: "application/json" } },
      (r) => {
        let data = "";
        r.setEncoding("utf8");
        r.on("data", (c) => (data += c));
        r.on("end", () => {
          let body = data;
          try {
            body = JSON.parse(data);
          } catch {
            /* keep the text */
          }
          res({ status: r.statusCode, headers: r.headers, body });
        });
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
    req.on("error", rej);
    req.end();
  });
}

const text = async (locator) => ((await locator.textContent()) ?? "").trim();

test("custom domain, the owner's names and a member's own name, end to end", T, async () => {
  const { page, snap, done } = await openPage(DESKTOP);
  const base = () => suite.env.base;

  // the owner's relay, active, and two members added over the API
  const owner = newKey(),
    alice = newKey(),
    bob = newKey(),
    carol = newKey();
  const { token } = await apiSession(base(), owner.sk);
  const created = await api(base(), token, "POST", "/relays", {
    name: `Hikers ${RUN}`,
    subdomain: `hikers-${RUN}`,
    plan: "free",
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.relay.id;
  const relay = await eventually("the relay to be active", async () => {
    const r = await api(base(), token, "GET", `/relays/${id}`);
    return r.body.status === "active" && r.body.sync.state === "synced" ? r.body : { ok: false };
  });
  assert.equal(relay.public_url, relay.url, "no domain yet: the public URL is the usual one");
  for (const m of [alice, bob]) {
    const r = await api(base(), token, "POST", `/relays/${id}/members`, { pubkey: m.pubkey });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }

  // --- the owner sets a domain and sees the two records
  await loginWithNsec(page, base(), owner.nsec);
  await page.goto(`${base()}/relays/${id}/settings`);
  const card = page.getByTestId("custom-domain");
  await card.waitFor();
  const domain = `relay-${RUN}.hikers.test`;
  // the relays' own domain is refused in the form, before anything is sent
  await card.getByTestId("domain-input").fill(`x.${new URL(relay.url).hostname}`);
  await card.getByTestId("domain-submit").click();
  await card.getByText(/belongs to this service/).waitFor();
  await card.getByTestId("domain-input").fill(domain.toUpperCase());
  await card.getByTestId("domain-submit").click();
  await eventually("two DNS records shown", async () => ({
    ok: (await card.getByTestId("dns-record").count()) === 2,
  }));
  assert.equal(await text(card.getByTestId("domain-name")), domain);
  assert.match(await text(card.getByTestId("domain-state")), /Waiting for DNS/);
  const records = [];
  for (const row of await card.getByTestId("dns-record").all())
    records.push({
      type: await text(row.getByTestId("dns-record-type")),
      name: await text(row.getByTestId("dns-record-name")),
      value: await text(row.getByTestId("dns-record-value")),
    });
  const cname = records.find((r) => r.type === "CNAME");
  const txt = records.find((r) => r.type === "TXT");
  assert.ok(cname && txt, JSON.stringify(records));
  assert.equal(cname.name, domain);
  assert.equal(cname.value, new URL(relay.url).hostname, "the CNAME names the relay's usual host");
  assert.equal(txt.name, `_caravel.${domain}`);
  assert.match(txt.value, /^caravel-verify=[0-9a-f]{32}$/);
  await snap("names-domain-pending", { fullPage: true });

  // Check now without the records: still waiting, and the card says what is missing. The card counts the answers to
  // Check now since the page was loaded (data-checks): each state below is read once the answer to its own click is in
  const answered = (n) => page.locator(`[data-testid="custom-domain"][data-checks="${n}"]`).waitFor();
  await card.getByTestId("domain-check").click();
  await answered(1);
  await card.getByTestId("domain-problem").waitFor();
  assert.match(await text(card.getByTestId("domain-state")), /Waiting for DNS/);

  // a CNAME alone is not proof: the TXT record must be there too (read once this check has answered, not after a pause)
  await dnsRecord(cname.name, "CNAME", cname.value);
  await card.getByTestId("domain-check").click();
  await answered(2);
  assert.match(await text(card.getByTestId("domain-state")), /Waiting for DNS/);

  // both records: verified; but nothing routes the domain on the local stack, so the card says why and the relay's
  // address to share stays its usual one (an address nothing serves is never shown)
  await dnsRecord(txt.name, "TXT", txt.value);
  await card.getByTestId("domain-check").click();
  await card.getByTestId("domain-state").filter({ hasText: "Verified" }).waitFor();
  assert.match(await text(card.getByTestId("domain-state")), /not in use yet/);
  const why = await text(card.getByTestId("domain-not-routed"));
  assert.match(why, /no proxy routes custom domains/);
  assert.ok(why.includes(relay.url) && /keeps working/.test(why), why);
  await openSection(page, "overview");
  await page.getByTestId("relay-url").filter({ hasText: relay.url }).waitFor();
  assert.equal(await page.getByTestId("canonical-url").count(), 0);
  const verified = await api(base(), token, "GET", `/relays/${id}`);
  assert.equal(verified.body.public_url, relay.url);
  assert.equal(verified.body.custom_domain.state, "verified");
  assert.equal(verified.body.custom_domain.in_use, false);
  // the invite link and the address for other apps keep the usual address
  await openSection(page, "members");
  await page
    .getByTestId("invite-url")
    .filter({ hasText: `r=${encodeURIComponent(relay.url)}` })
    .waitFor();
  await snap("names-domain-not-routed", { fullPage: true });

  // --- the owner gives Bob a name in the Members card
  const members = page.getByTestId("members");
  const bobRow = members.getByTestId("member-row").filter({ hasText: bob.npub.slice(0, 12) });
  await bobRow.waitFor();
  await bobRow.getByTestId("name-member").click();
  const dialog = page.getByTestId("member-name-dialog");
  await dialog.waitFor();
  await dialog.getByTestId("member-name-input").fill("Bob");
  // the relay's host has a port (hikers-….localhost:<port>): no name@host:port, which apps refuse, but where it answers
  assert.equal(await dialog.getByTestId("member-name-address").count(), 0);
  const lookup = await dialog.getByTestId("nip05-lookup").getAttribute("href");
  assert.equal(lookup, `http://${relay.host}/.well-known/nostr.json?name=bob`);
  await dialog.getByTestId("member-name-save").click();
  await dialog.waitFor({ state: "hidden" });
  await bobRow.getByTestId("member-nip05").filter({ hasText: "bob" }).waitFor();
  assert.ok(!(await text(bobRow.getByTestId("member-nip05"))).includes("@"));
  await members.getByTestId("no-nip05-here").waitFor();
  await snap("names-members", { fullPage: true });

  // the lookup shown answers at the relay's host through the local stack (the zooid emulator forwards nostr.json to
  // the backend, as production's proxy does; ./caravel run starts it so, here it is told once the backend's port is
  // known), with the CORS header and the usual address as the relay
  const upstream = await fetch(`${suite.env.stack.zooid_api_url}/_emulator/nip05-upstream`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: new URL(base()).origin }),
  });
  assert.equal(upstream.status, 200, await upstream.text());
  const viaStack = await getAtHost(suite.env.stack.zooid_relay_origin, relay.host, "/.well-known/nostr.json?name=bob");
  assert.equal(viaStack.status, 200, JSON.stringify(viaStack.body));
  assert.equal(viaStack.body.names.bob, bob.pubkey);
  assert.deepEqual(viaStack.body.relays[bob.pubkey], [relay.url]);
  assert.equal(viaStack.headers["access-control-allow-origin"], "*");
  // at the backend the domain's host answers too (a proxy added later routes it there), naming the usual address
  for (const host of [domain, relay.host]) {
    const r = await getAtHost(base(), host, "/.well-known/nostr.json?name=bob");
    assert.equal(r.status, 200, `${host}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.names.bob, bob.pubkey);
    assert.deepEqual(r.body.relays[bob.pubkey], [relay.url]);
    assert.equal(r.headers["access-control-allow-origin"], "*");
  }
  assert.equal((await getAtHost(base(), `elsewhere-${RUN}.test`, "/.well-known/nostr.json?name=bob")).status, 404);

  // --- Alice signs in and claims a name on My communities
  const alicePage = await openPage(DESKTOP);
  const aliceToken = (await apiSession(base(), alice.sk)).token;
  // the member list reaches Caravel from the relay (its kind 13534): wait until it knows Alice is a member
  await eventually("Alice's membership known", async () => {
    const r = await api(base(), aliceToken, "GET", "/me/memberships");
    return { ok: r.status === 200 && r.body.items.some((m) => String(m.relay_id) === String(id)) };
  });
  await loginWithNsec(alicePage.page, base(), alice.nsec);
  await alicePage.page.getByTestId("nav-communities").click();
  const mine = alicePage.page.getByTestId("membership").filter({ hasText: `Hikers ${RUN}` });
  await mine.waitFor();
  assert.equal(await text(mine.getByTestId("membership-url")), relay.url);
  // Bob's name is his: refused under the field
  await mine.getByTestId("my-name-input").fill("bob");
  await mine.getByTestId("my-name-save").click();
  await mine.getByText(/taken|held|another/i).waitFor();
  await mine.getByTestId("my-name-input").fill("alice");
  await mine.getByTestId("my-name-save").click();
  // her name is held, shown with where it answers rather than as an address apps would refuse
  await mine.getByTestId("nip05-lookup").filter({ hasText: "name=alice" }).waitFor();
  assert.equal(await mine.getByTestId("membership-nip05").count(), 0);
  await alicePage.snap("names-my-communities", { fullPage: true });
  const aliceNip05 = await getAtHost(
    suite.env.stack.zooid_relay_origin,
    relay.host,
    "/.well-known/nostr.json?name=alice",
  );
  assert.equal(aliceNip05.body.names.alice, alice.pubkey);

  // the same page on a phone
  const phone = await openPage(PHONE);
  await loginWithNsec(phone.page, base(), alice.nsec);
  await phone.page.goto(`${base()}/communities`);
  await phone.page.getByTestId("nip05-lookup").filter({ hasText: "name=alice" }).waitFor();
  await phone.snap("names-my-communities-phone", { fullPage: true });
  await phone.done();
  await alicePage.done();

  // --- someone who is no member anywhere: the empty state says how communities appear
  const carolPage = await openPage(DESKTOP);
  await loginWithNsec(carolPage.page, base(), carol.nsec);
  await carolPage.page.goto(`${base()}/communities`);
  await carolPage.page.getByText("No communities yet").waitFor();
  await carolPage.page.getByText(/once you are a member of a relay hosted here/).waitFor();
  await carolPage.done();

  // --- the owner removes the domain: the usual address stays the one to share
  await page.reload();
  await openSection(page, "settings");
  await card.getByTestId("domain-remove").click();
  const confirm = page.getByRole("alertdialog");
  await confirm.getByRole("button", { name: "Remove" }).click();
  await confirm.waitFor({ state: "hidden" });
  await card.getByTestId("domain-input").waitFor();
  await openSection(page, "overview");
  await page.getByTestId("relay-url").filter({ hasText: relay.url }).waitFor();
  assert.equal(await page.getByTestId("canonical-url").count(), 0);
  await openSection(page, "members");
  await page
    .getByTestId("invite-url")
    .filter({ hasText: `r=${encodeURIComponent(relay.url)}` })
    .waitFor();
  // Bob's name stays
  await bobRow.getByTestId("member-nip05").filter({ hasText: "bob" }).waitFor();
  await done();
});
