// End-to-end test of custom domains and NIP-05 names in Debian's Chromium (playwright-core) against the full local
// stack and the backend jar, whose DNS_RESOLVERS is the stack's DNS server (stack/dns, set through its control interface): the
// owner sets a domain on the relay page and sees the two records; once they exist in that DNS the check verifies it
// and the relay's address becomes the domain's; the owner gives a member a name in the Members card; another member
// signs in and claims a name on My communities (a name someone else holds is refused); each name resolves through
// /.well-known/nostr.json at the domain's host; someone with no membership sees the empty state; the owner removes
// the domain and the usual address is back.
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
  // the custom domain is in the relay page's Settings section, at its own address
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

  // both records: verified, and the relay's address to share is the domain's
  await dnsRecord(txt.name, "TXT", txt.value);
  await card.getByTestId("domain-check").click();
  await card.getByTestId("domain-state").filter({ hasText: "Verified" }).waitFor();
  await openSection(page, "overview");
  await page
    .getByTestId("relay-url")
    .filter({ hasText: `wss://${domain}/` })
    .waitFor();
  assert.equal(await text(page.getByTestId("canonical-url").locator("code")), relay.url);
  const verified = await api(base(), token, "GET", `/relays/${id}`);
  assert.equal(verified.body.public_url, `wss://${domain}/`);
  assert.equal(verified.body.custom_domain.state, "verified");
  // the invite link and the address for other apps name the domain now
  await openSection(page, "members");
  await page
    .getByTestId("invite-url")
    .filter({ hasText: `r=${encodeURIComponent(`wss://${domain}/`)}` })
    .waitFor();

  // --- the owner gives Bob a name in the Members card
  const members = page.getByTestId("members");
  const bobRow = members.getByTestId("member-row").filter({ hasText: bob.npub.slice(0, 12) });
  await bobRow.waitFor();
  await bobRow.getByTestId("name-member").click();
  const dialog = page.getByTestId("member-name-dialog");
  await dialog.waitFor();
  await dialog.getByTestId("member-name-input").fill("Bob");
  assert.equal(await text(dialog.getByTestId("member-name-address")), `bob@${domain}`);
  await dialog.getByTestId("member-name-save").click();
  await dialog.waitFor({ state: "hidden" });
  await bobRow
    .getByTestId("member-nip05")
    .filter({ hasText: `bob@${domain}` })
    .waitFor();
  await snap("names-members", { fullPage: true });

  // NIP-05 at the custom domain and at the usual host, with the CORS header; another host knows no relay
  for (const host of [domain, relay.host]) {
    const r = await getAtHost(base(), host, "/.well-known/nostr.json?name=bob");
    assert.equal(r.status, 200, `${host}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.names.bob, bob.pubkey);
    assert.deepEqual(r.body.relays[bob.pubkey], [`wss://${domain}/`]);
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
  assert.equal(await text(mine.getByTestId("membership-url")), `wss://${domain}/`);
  // Bob's name is his: refused under the field
  await mine.getByTestId("my-name-input").fill("bob");
  await mine.getByTestId("my-name-save").click();
  await mine.getByText(/taken|held|another/i).waitFor();
  await mine.getByTestId("my-name-input").fill("alice");
  await mine.getByTestId("my-name-save").click();
  await mine
    .getByTestId("membership-nip05")
    .filter({ hasText: `alice@${domain}` })
    .waitFor();
  await alicePage.snap("names-my-communities", { fullPage: true });
  const aliceNip05 = await getAtHost(base(), domain, "/.well-known/nostr.json?name=alice");
  assert.equal(aliceNip05.body.names.alice, alice.pubkey);

  // the same page on a phone
  const phone = await openPage(PHONE);
  await loginWithNsec(phone.page, base(), alice.nsec);
  await phone.page.goto(`${base()}/communities`);
  await phone.page
    .getByTestId("membership-nip05")
    .filter({ hasText: `alice@${domain}` })
    .waitFor();
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

  // --- the owner removes the domain: the usual address is the one to share again
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
  // Bob's name stays, now at the usual host
  await bobRow
    .getByTestId("member-nip05")
    .filter({ hasText: `bob@${relay.host}` })
    .waitFor();
  await done();
});
