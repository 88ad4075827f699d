/**
 * What we serve on top of Swagger UI so that /v1/docs passes axe-core (WCAG 2.1 AA), as the
 * citizen pages do. Swagger UI's own stylesheet and markup fail it; every fix here names the
 * axe rule it answers, so it can go when Swagger UI fixes its side.
 *
 * The stylesheet only darkens colours to a contrast of at least 4.5:1 (`color-contrast`):
 * the method badges, version stamps, links, the authorise button, where a parameter goes,
 * header examples and the example highlighter's red.
 */
export const API_DOCS_CSS = `
.swagger-ui .opblock .opblock-summary-method { color: #fff; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1c5d99; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #1b6e47; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #8a4f00; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #136c5f; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #b3261e; }
.swagger-ui .info .title small pre.version { background: #50565f; }
.swagger-ui .info .title small.version-stamp { background: #3b6300; }
.swagger-ui .info .title small.version-stamp pre.version { background: #3b6300; }
.swagger-ui .info a, .swagger-ui .info .url, .swagger-ui .info .link, .swagger-ui a.nostyle { color: #1a5496; }
.swagger-ui .parameters-col_name .parameter__in { color: #555; }
.swagger-ui .btn.authorize { color: #1b6e47; border-color: #1b6e47; }
.swagger-ui .btn.authorize svg { fill: #1b6e47; }
.swagger-ui table.headers .header-example, .swagger-ui .headers-wrapper .header-example { color: #545454 !important; }
/* The JSON highlighter's red for literals is an inline style; on its #333 background a lighter red. */
.swagger-ui .microlight span[style*="211, 99, 99"] { color: #ff9090 !important; }
`;

/**
 * A script (same origin, so the docs' CSP allows it) for what no stylesheet can fix:
 * - `region`: Swagger UI puts its operations in a <main>, but the contract's title and
 *   description and the server picker outside any landmark; they become the page's banner
 *   and a named region;
 * - `select-name`: the server and example pickers are <select>s without a label; they get
 *   a Dutch accessible name;
 * - `landmark-unique`: each operation's responses table is a region, all alike; with two
 *   operations open they get a name each, from the operation's method and path;
 * - `scrollable-region-focusable`: an example wider than its box scrolls, so it must be
 *   reachable by keyboard; every example gets tabindex 0.
 * Swagger UI renders (and re-renders) after load, hence the observer.
 */
export const API_DOCS_JS = `
(function () {
  var namen = { servers: 'Server', 'examples-select-element': 'Voorbeeld' };
  function benoem() {
    var info = document.querySelector('#swagger-ui .information-container');
    if (info && !info.hasAttribute('role')) info.setAttribute('role', 'banner');
    var servers = document.querySelector('#swagger-ui .scheme-container');
    if (servers && !servers.hasAttribute('role')) {
      servers.setAttribute('role', 'region');
      servers.setAttribute('aria-label', 'Server en autorisatie');
    }
    document.querySelectorAll('#swagger-ui select:not([aria-label])').forEach(function (select) {
      select.setAttribute('aria-label', namen[select.id] || namen[select.className] || 'Keuze');
    });
    document.querySelectorAll('#swagger-ui table.responses-table[role="region"]:not([aria-label])').forEach(function (tabel) {
      var operatie = tabel.closest('.opblock');
      var methode = operatie && operatie.querySelector('.opblock-summary-method');
      var pad = operatie && operatie.querySelector('[data-path]');
      var naam = (methode ? methode.textContent + ' ' : '') + (pad ? pad.getAttribute('data-path') : tabel.id);
      tabel.setAttribute('aria-label', 'Antwoorden van ' + naam);
    });
    document.querySelectorAll('#swagger-ui pre.microlight:not([tabindex])').forEach(function (voorbeeld) {
      voorbeeld.setAttribute('tabindex', '0');
    });
  }
  benoem();
  new MutationObserver(benoem).observe(document.body, { childList: true, subtree: true });
})();
`;
