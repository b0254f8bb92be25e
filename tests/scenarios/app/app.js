// deno-lint-ignore-file no-var no-window -- plain script for old-style pages, run by the browser
// Shared by every page of the scenario app: starts the SDK the way a site would, with consent already given.
// The collector settings come from /app/config.js, which the test server writes for its own collector.
(function () {
  var settings = window.RERUN_SETTINGS;
  window.replay = Rerun.init({
    appId: "app_scenarios",
    publicKey: settings.publicKey,
    ingestBaseUrl: settings.ingestBaseUrl,
    consent: "granted",
    errors: true,
    network: { enabled: true },
    flushIntervalMs: 1000,
  });
})();
