/** The dashboard's HTML: a shell the script fills; `features` says which optional panels exist. */
const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function dashboardPage(opts: { version: string; features: string[] }): string {
  return `<!doctype html>
<html lang="en" data-features="${escapeAttr(opts.features.join(' '))}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>sitewire</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard.css?v=${escapeAttr(opts.version)}">
<script src="/dashboard.js?v=${escapeAttr(opts.version)}" defer></script>
</head>
<body>
<header class="top">
  <h1>sitewire</h1>
  <span id="status" class="pill" data-state="signed-out">signed out</span>
  <button id="sign-out" type="button" class="quiet" hidden>Sign out</button>
</header>
<p id="notice" class="error notice" role="status" hidden></p>
<section id="login" class="card login">
  <form id="login-form">
    <label for="token">Admin token</label>
    <p class="hint">Printed when the relay first started; <code>npx sitewire admin-token</code> shows it again. It stays in this tab only.</p>
    <div class="row">
      <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required placeholder="sw_admin_...">
      <button type="submit">Open</button>
    </div>
    <p id="login-error" class="error" role="alert" hidden></p>
  </form>
</section>
<main id="app" hidden>
  <div class="col">
    <section id="health-panel" class="panel">
      <h2>Health</h2>
      <p class="empty" id="health-empty">No operational events: no subscription disabled, no delivery given up.</p>
      <ol id="health"></ol>
    </section>
    <section id="builds-panel" class="panel">
      <h2>Builds <span class="count" id="builds-count"></span></h2>
      <p class="empty" id="builds-empty">No builds yet. Point a provider's webhooks at this relay or create a watch.</p>
      <div id="builds"></div>
    </section>
    <section id="watches-panel" class="panel" hidden>
      <h2>Active watches <span class="count" id="watches-count"></span></h2>
      <p class="empty" id="watches-empty">No active watches.</p>
      <div id="watches"></div>
    </section>
    <section id="live-sites-panel" class="panel" hidden>
      <h2>Free-tier sites <span class="count" id="live-sites-count"></span></h2>
      <p class="empty" id="live-sites-empty">No watched free-tier Warpweb site is live.</p>
      <div id="live-sites"></div>
    </section>
    <section id="subscriptions-panel" class="panel" hidden>
      <h2>Subscriptions <span class="count" id="subscriptions-count"></span></h2>
      <p class="empty" id="subscriptions-empty">No subscriptions.</p>
      <div id="subscriptions"></div>
    </section>
  </div>
  <section id="events-panel" class="panel col">
    <h2>Live events <span class="count" id="events-count"></span></h2>
    <p class="empty" id="events-empty">Waiting for events…</p>
    <ol id="events" reversed></ol>
  </section>
</main>
<footer class="foot">sitewire ${escapeAttr(opts.version)} · <a href="/openapi.json">API</a></footer>
</body>
</html>
`;
}
