// web-browser.js - t-web.sh's browser part: headless Chromium (Debian's,
// driven by playwright-core from LG_PLAYWRIGHT_DIR, installed by whoever runs
// the test, never committed) signs in, sees the held list, and checks that
// the hostile Subject runs no script.  Screenshots of each page go to OUT.
// Prints TAP-style "ok"/"not ok" lines; t-web.sh counts them.
// usage: node web-browser.js URL USER PASSWORD OUT
const { chromium } = require(process.env.LG_PLAYWRIGHT_DIR + '/node_modules/playwright-core');
const [url, user, password, out] = process.argv.slice(2);
function check(ok, what) { console.log((ok ? 'ok' : 'not ok') + ' - browser: ' + what); }
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1100, height: 600 } });
  const page = await ctx.newPage();
  let dialogs = 0, cspErrors = 0;
  page.on('dialog', d => { dialogs++; d.dismiss(); });
  page.on('console', m => { if (/Content Security Policy/.test(m.text())) cspErrors++; });
  await page.goto(url + '/');
  check(page.url().endsWith('/login'), 'signed-out visit lands on the sign-in page');
  await page.screenshot({ path: out + '/1-login.png' });
  await page.fill('input[name=user]', user);
  await page.fill('input[name=password]', 'wrong');
  await page.click('button:has-text("Sign in")');
  check((await page.content()).includes('Wrong user name or password'), 'wrong password shows a plain message');
  await page.screenshot({ path: out + '/2-login-refused.png' });
  await page.fill('input[name=user]', user);
  await page.fill('input[name=password]', password);
  await page.click('button:has-text("Sign in")');
  await page.waitForSelector('table');
  const text = await page.textContent('table');
  check(text.includes('<script>alert(1)</script>'), 'hostile Subject shown as text');
  check(dialogs === 0, 'hostile Subject ran no script');
  check(await page.$('b[onmouseover]') === null, 'no element made from the Subject');
  const bg = await page.$eval('header', e => getComputedStyle(e).backgroundColor);
  check(bg === 'rgb(34, 51, 68)', 'the style sheet loads under the CSP');
  await page.screenshot({ path: out + '/3-held-list.png' });
  await page.click('button:has-text("Sign out")');
  check(page.url().endsWith('/login'), 'sign out returns to the sign-in page');
  await page.goto(url + '/');
  check(page.url().endsWith('/login'), 'after sign out the list is gone');
  await browser.close();
})().catch(e => { console.log('not ok - browser: ' + e.message.split('\n')[0]); process.exit(1); });
