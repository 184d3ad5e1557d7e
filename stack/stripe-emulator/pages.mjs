// The pages a browser clicks through: Stripe Checkout, the customer portal and the hosted invoice, in the
// emulator's own plain HTML (no scripts). Every value is escaped.

const esc = (v) =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
const money = (cents, cur) => `${(cents / 100).toFixed(2)} ${String(cur ?? 'usd').toUpperCase()}`;
const day = (t) => new Date(t * 1000).toISOString().slice(0, 10);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>
body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1a1f36}
h1{font-size:1.3rem}.note{color:#697386;font-size:.85rem}table{width:100%;border-collapse:collapse}td,th{padding:.3rem 0;text-align:left}
label{display:block;margin:.6rem 0 .2rem}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem;background:#635bff;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{background:#fde8e8;color:#9b1c1c;padding:.6rem;border-radius:4px}.ok{background:#e6f6ec;padding:.6rem;border-radius:4px}
.box{border:1px solid #e3e8ee;border-radius:6px;padding:1rem;margin:1rem 0}
</style></head><body><p class="note">Stripe emulator — Caravel development stack (test mode)</p>${body}</body></html>`;
}

const cardFields = (submit) => `
<label for="card">Card number</label><input id="card" name="card" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required>
<label for="exp">Expiry</label><input id="exp" name="exp" placeholder="12 / 34" value="12 / 34">
<label for="cvc">CVC</label><input id="cvc" name="cvc" placeholder="123" value="123">
<button type="submit">${esc(submit)}</button>
<p class="note">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined; 4000 0000 0000 0341 attaches but later charges fail.</p>`;

export function checkoutPage(model, s, error) {
  if (s.internal.payment) return paymentPage(s, error);
  const { items, trialEnd } = s.internal;
  const rows = items.map((i) => {
    const p = model.prices.get(i.price);
    return `<tr><td>${i.quantity} × ${esc(p.nickname)}</td><td>${money(p.unit_amount * i.quantity, p.currency)} / month</td></tr>`;
  });
  const due = trialEnd
    ? `<p>Nothing is charged today: the first charge is on ${day(trialEnd)}.</p>`
    : `<p><strong>Due today: ${money(s.amount_total, s.currency)}</strong></p>`;
  if (s.status !== 'open') return page('Checkout', `<h1>This checkout is ${esc(s.status)}.</h1>`);
  return page(
    'Checkout',
    `<h1>Subscribe to Caravel</h1><table>${rows.join('')}</table>${due}
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/checkout/${esc(s.id)}">${cardFields(trialEnd ? 'Start subscription' : 'Subscribe')}</form>
${s.cancel_url ? `<p><a href="${esc(s.cancel_url)}">← Back to Caravel</a></p>` : ''}`,
  );
}

/** A one-off payment (mode=payment): its lines and one "Pay" button. */
function paymentPage(s, error) {
  if (s.status !== 'open') return page('Checkout', `<h1>This checkout is ${esc(s.status)}.</h1>`);
  const rows = s.internal.items.map(
    (i) => `<tr><td>${i.quantity} × ${esc(i.name)}</td><td>${money(i.unit * i.quantity, i.currency)}</td></tr>`,
  );
  return page(
    'Checkout',
    `<h1>Pay ${money(s.amount_total, s.currency)}</h1><table>${rows.join('')}</table>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/checkout/${esc(s.id)}">${cardFields('Pay')}</form>
${s.cancel_url ? `<p><a href="${esc(s.cancel_url)}">← Back</a></p>` : ''}`,
  );
}

export function portalPage(model, session, message) {
  const subs = model.customerSubscriptions(session.customer);
  const invoices = model.customerInvoices(session.customer);
  const subHtml = subs.map((s) => {
    const { end } = model.period(s);
    const items = s.items.data.map((i) => `<li>${i.quantity} × ${esc(i.price.nickname)}</li>`).join('');
    const action =
      s.status === 'canceled'
        ? ''
        : s.cancel_at_period_end
          ? `<p>Cancels on ${day(end)}.</p><form method="post" action="/portal/${esc(session.id)}/renew"><input type="hidden" name="subscription" value="${esc(s.id)}"><button type="submit">Don't cancel</button></form>`
          : `<form method="post" action="/portal/${esc(session.id)}/cancel"><input type="hidden" name="subscription" value="${esc(s.id)}"><button type="submit">Cancel subscription</button></form>`;
    return `<div class="box"><p><strong>Subscription</strong> — ${esc(s.status)}${s.status === 'canceled' ? '' : `, current period ends ${day(end)}`}</p><ul>${items}</ul>${action}</div>`;
  });
  const invHtml = invoices.map(
    (i) => `<tr><td>${day(i.created)}</td><td>${money(i.amount_due, i.currency)}</td><td>${esc(i.status)}</td>
<td><a href="${esc(i.hosted_invoice_url)}">View</a></td></tr>`,
  );
  return page(
    'Billing',
    `<h1>Manage billing</h1>${message ? `<p class="ok" role="status">${esc(message)}</p>` : ''}
${subHtml.join('') || '<p>No subscriptions.</p>'}
<div class="box"><p><strong>Payment method</strong></p><form method="post" action="/portal/${esc(session.id)}/card">${cardFields('Update card')}</form></div>
<h2>Invoices</h2><table><tr><th>Date</th><th>Amount</th><th>Status</th><th></th></tr>${invHtml.join('')}</table>
${session.return_url ? `<p><a href="${esc(session.return_url)}">← Return to Caravel</a></p>` : ''}`,
  );
}

export function invoicePage(inv, error) {
  const lines = inv.lines.data.map(
    (l) =>
      `<tr><td>${esc(l.description)} (${day(l.period.start)} – ${day(l.period.end)})</td><td>${money(l.amount, l.currency)}</td></tr>`,
  );
  return page(
    `Invoice ${inv.number}`,
    `<h1>Invoice ${esc(inv.number)}</h1><p>Status: <strong>${esc(inv.status)}</strong></p>
<table>${lines.join('')}<tr><th>Amount due</th><th>${money(inv.amount_due, inv.currency)}</th></tr></table>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
${inv.status === 'open' ? `<form method="post" action="/invoice/${esc(inv.id)}/pay">${cardFields('Pay invoice')}</form>` : ''}`,
  );
}
