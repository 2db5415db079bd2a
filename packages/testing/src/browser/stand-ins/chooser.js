/**
 * Helpers shared by the browser stand-ins (ES2017, no dependencies): a JSON fetch and the sandbox
 * account chooser, a real dialog with one button per account so tests drive it like a user.
 * Evaluated as an expression: `(thisFile)(window, document, config)` returns the helpers.
 */
(function sandboxKit(window, document, config) {
  var sandboxFetch = window.fetch ? window.fetch.bind(window) : fetch;

  function sandboxFetchJson(url, body) {
    var init =
      body === undefined
        ? { method: 'GET' }
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    return sandboxFetch(url, init).then((res) =>
      res.text().then((text) => {
        if (!res.ok) throw new Error(`Sandbox request to ${url} failed with ${res.status}: ${text}`);
        return JSON.parse(text);
      }),
    );
  }

  function sandboxAccounts() {
    if (config.accounts) return Promise.resolve(config.accounts);
    return sandboxFetchJson(config.accountsEndpoint).then((answer) => answer.accounts);
  }

  var openChooser = null;

  function sandboxCloseChooser() {
    if (openChooser) openChooser(null);
  }

  function sandboxChooseAccount(title, forceChooser) {
    if (config.autoSelect && !forceChooser) return Promise.resolve(config.autoSelect);
    return sandboxAccounts().then((accounts) => {
      if (config.chooser === false && !forceChooser) return accounts.length ? accounts[0].id : null;
      sandboxCloseChooser();
      return new Promise((resolve) => {
        var backdrop = document.createElement('div');
        backdrop.setAttribute('data-socialkit-sandbox', 'chooser');
        backdrop.style.cssText =
          'position:fixed;inset:0;background:rgba(15,23,42,.45);display:flex;' +
          'align-items:center;justify-content:center;z-index:2147483647;font-family:system-ui,sans-serif';
        var dialog = document.createElement('div');
        dialog.setAttribute('role', 'dialog');
        dialog.setAttribute('aria-modal', 'true');
        dialog.setAttribute('aria-label', title);
        dialog.style.cssText =
          'background:#fff;color:#111;border-radius:12px;padding:20px;min-width:300px;' +
          'box-shadow:0 10px 40px rgba(0,0,0,.3)';
        var heading = document.createElement('h2');
        heading.textContent = title;
        heading.style.cssText = 'font-size:18px;margin:0 0 4px';
        var note = document.createElement('p');
        note.textContent = 'Sandbox: no real account is used.';
        note.style.cssText = 'font-size:12px;color:#555;margin:0 0 12px';
        dialog.appendChild(heading);
        dialog.appendChild(note);
        function finish(id) {
          openChooser = null;
          if (backdrop.parentNode) backdrop.parentNode.removeChild(backdrop);
          resolve(id);
        }
        accounts.forEach((account) => {
          var button = document.createElement('button');
          button.type = 'button';
          button.setAttribute('data-account-id', account.id);
          button.style.cssText =
            'display:flex;align-items:center;gap:10px;width:100%;padding:8px;margin:4px 0;' +
            'border:1px solid #ddd;border-radius:8px;background:#fff;cursor:pointer;text-align:left';
          if (account.picture) {
            const img = document.createElement('img');
            img.src = account.picture;
            img.alt = '';
            img.width = 32;
            img.height = 32;
            img.style.borderRadius = '50%';
            button.appendChild(img);
          }
          var label = document.createElement('span');
          label.textContent = account.name + (account.email ? ` ${account.email}` : '');
          button.appendChild(label);
          button.addEventListener('click', () => {
            finish(account.id);
          });
          dialog.appendChild(button);
        });
        var cancel = document.createElement('button');
        cancel.type = 'button';
        cancel.textContent = 'Cancel';
        cancel.style.cssText =
          'margin-top:8px;padding:6px 12px;border:0;background:none;color:#1a56db;cursor:pointer';
        cancel.addEventListener('click', () => {
          finish(null);
        });
        dialog.appendChild(cancel);
        backdrop.appendChild(dialog);
        (document.body || document.documentElement).appendChild(backdrop);
        openChooser = finish;
      });
    });
  }

  return {
    fetch: sandboxFetch,
    fetchJson: sandboxFetchJson,
    chooseAccount: sandboxChooseAccount,
    closeChooser: sandboxCloseChooser,
  };
});
