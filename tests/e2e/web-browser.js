// web-browser.js - t-web.sh's browser part: Debian's headless Chromium,
// driven by playwright-core (from LG_PLAYWRIGHT_DIR; t-web.sh installs it
// there with npm, never committed).  Two staff members sign in; the first
// approves a held namesake mail, the second releases it; a non-staff
// sign-in, a form used after sign-out in another tab and a forged
// cross-site POST are refused; the hostile Subject runs no script.  Each
// page is kept as a screenshot (PNG) and as HTML in OUT.
// Prints TAP-style "ok"/"not ok" lines; t-web.sh counts them.
// usage: node web-browser.js URL OUT STAFF PW STAFF2 PW2 OTHER PWO R1 R3 R4
const { chromium } = require(process.env.LG_PLAYWRIGHT_DIR + '/node_modules/playwright-core');
const [url, out, user, pw, user2, pw2, other, pwo, r1, r3, r4] = process.argv.slice(2);
const fs = require('fs');
function check(ok, what) { console.log((ok ? 'ok' : 'not ok') + ' - browser: ' + what); }
let dialogs = 0;
async function shot(page, name) {
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  fs.writeFileSync(`${out}/${name}.html`, await page.content());
}
async function signIn(page, u, p) {
  await page.goto(url + '/login');
  await page.fill('input[name=user]', u);
  await page.fill('input[name=password]', p);
  await page.click('button:has-text("Sign in")');
}
async function newPage(ctx) {
  const page = await ctx.newPage();
  page.on('dialog', d => { dialogs++; d.dismiss(); });
  return page;
}
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const opts = { ignoreHTTPSErrors: true, viewport: { width: 1200, height: 700 } };
  const ctxA = await browser.newContext(opts);
  const page = await newPage(ctxA);

  await page.goto(url + '/');
  check(page.url().endsWith('/login'), 'signed-out visit lands on the sign-in page');
  await shot(page, '1-login');
  await signIn(page, user, 'wrong');
  check((await page.content()).includes('Wrong user name or password'), 'wrong password shows a plain message');
  await shot(page, '2-login-refused');
  await signIn(page, other, pwo);
  check(page.url().endsWith('/login') && (await page.content()).includes('not release staff'),
    'a directory user outside staff_group is refused');

  await signIn(page, user, pw);
  await page.waitForSelector('table');
  const text = await page.textContent('table');
  check(text.includes('<script>alert(1)</script><img src=x onerror=alert(2)>'), 'hostile Subject shown as text');
  check(await page.$('main img') === null && await page.$('main script') === null, 'no element made from the Subject');
  const bg = await page.$eval('header', e => getComputedStyle(e).backgroundColor);
  check(bg === 'rgb(34, 51, 68)', 'the style sheet loads under the CSP');
  await shot(page, '3-held-list');

  await page.click(`a.open[href="/record?id=${r1}"]`);
  const rec = await page.textContent('main');
  check(rec.includes('another customer with the same name') && rec.includes('uid=c100002,ou=customers'),
    'record page: why, and the namesake\'s directory entry');
  check(rec.includes('asked again now') && rec.includes('NOT the customer'), 'record page: the directory asked now');
  check(await page.$('button[value=release]') === null && await page.$('button[value=approve]') !== null,
    'four-eyes: the first staff member is offered approve, not release');
  await shot(page, '4-record');
  await page.fill('textarea[name=reason]', 'Customer confirmed on the phone that matti.m@example.net is theirs');
  await page.click('button[value=approve]');
  check((await page.textContent('.flash')).startsWith('Approved'), 'approve: the page says approved');
  check(await page.$('button[value=release]') === null, 'the approver is not offered release');
  await shot(page, '5-approved');

  // a form left open in one tab after signing out in another
  const tab2 = await newPage(ctxA);
  await tab2.goto(`${url}/record?id=${r4}`);
  await page.click('button:has-text("Sign out")');
  check(page.url().endsWith('/login'), 'sign out returns to the sign-in page');
  await tab2.fill('textarea[name=reason]', 'acted after sign-out');
  const [stale] = await Promise.all([tab2.waitForResponse(r => r.url().endsWith('/action')),
    tab2.click('button[value=delete]')]);
  check(stale.status() === 403, `the form used after sign-out is refused (${stale.status()})`);
  await shot(tab2, '9-after-sign-out');
  await page.goto(url + '/');
  check(page.url().endsWith('/login'), 'after sign out the list is gone');

  const ctxB = await browser.newContext(opts);
  const pb = await newPage(ctxB);
  await signIn(pb, user2, pw2);
  await pb.goto(`${url}/record?id=${r1}`);
  check((await pb.textContent('.decide')).includes('Approved by ' + user), 'second staff member sees who approved');
  await pb.fill('textarea[name=reason]', 'Second pair of eyes: the address is the customer\'s');
  await pb.click('button[value=release]');
  const flash = await pb.textContent('.flash');
  check(flash.startsWith('Released'), `release by the second staff member (${flash.slice(0, 60)})`);
  await shot(pb, '6-released');
  await pb.goto(url + '/audit');
  const audit = await pb.textContent('table.audit');
  check(audit.includes(user2) && audit.includes('release') && audit.includes('web page') && audit.includes('uid=' + user2 + ','),
    'audit page shows the release, who and via the web');
  await shot(pb, '7-audit');
  await pb.goto(`${url}/record?id=${r3}`);
  check(await pb.$('main img') === null, 'hostile Subject on its record page makes no element');
  await shot(pb, '8-hostile-record');

  // a forged cross-site POST, even with a valid token leaked to the attacker
  const tok = await pb.getAttribute('.decide input[name=csrf]', 'value');
  await pb.route('http://attacker.example/**', r => r.fulfill({ contentType: 'text/html',
    body: `<form id=f method=post action="${url}/action"><input name=id value="${r3}">` +
      `<input name=action value=release><input name=reason value=forged>` +
      `<input name=csrf value="${tok}"></form><script>document.getElementById('f').submit()</script>` }));
  const [forged] = await Promise.all([pb.waitForResponse(r => r.url().endsWith('/action')),
    pb.goto('http://attacker.example/')]);
  check(forged.status() === 403, `forged cross-site POST refused (${forged.status()}): SameSite=Strict keeps the cookie home`);
  await pb.waitForLoadState();
  await shot(pb, '10-forged-post');
  check(dialogs === 0, `no page ran a script (${dialogs} dialogs)`);
  await browser.close();
})().catch(e => { console.log('not ok - browser: ' + e.message.split('\n')[0]); process.exit(1); });
