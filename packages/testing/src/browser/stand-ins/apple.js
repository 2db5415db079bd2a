/**
 * Stand-in for Sign in with Apple JS
 * (`https://appleid.cdn-apple.com/appleauth/static/jsapi/appleid/1/<locale>/appleid.auth.js`):
 * `AppleID.auth.init(config)` and `AppleID.auth.signIn()`. In popup mode `signIn()` resolves like
 * Apple's, `{ authorization: { code, id_token, state }, user? }` (`user` on first consent only), or
 * rejects with `{ error: 'popup_closed_by_user' }`; it also fires `AppleIDSignInOnSuccess` /
 * `AppleIDSignInOnFailure` on `document`. Without `usePopup` it navigates to the fake's authorize
 * page, which form_posts to `redirectURI` as Apple does.
 * Evaluated as an expression: `(thisFile)(window, document, config, sandboxKit)`.
 */
(function appleStandIn(window, document, config, sandbox) {
  let settings = null;

  function announce(type, detail) {
    const Custom = window.CustomEvent;
    if (Custom) document.dispatchEvent(new Custom(type, { detail: detail }));
  }

  function redirect(current) {
    const params = new URLSearchParams({
      client_id: current.clientId || '',
      redirect_uri: current.redirectURI || '',
      response_type: 'code id_token',
      response_mode: current.scope ? 'form_post' : 'fragment',
      scope: current.scope || '',
      state: current.state || '',
      nonce: current.nonce || '',
    });
    window.location.assign(`${config.authorizeUrl}?${params}`);
    return new Promise(() => {});
  }

  function signIn(overrides) {
    if (!settings) return Promise.reject({ error: 'AppleID.auth.init must be called before signIn' });
    const current = Object.assign({}, settings, overrides);
    if (!current.usePopup) return redirect(current);
    return sandbox
      .chooseAccount('Sign in with Apple')
      .then((account) => {
        if (!account) return Promise.reject({ error: 'popup_closed_by_user' });
        return sandbox.fetchJson(config.authorizeEndpoint, {
          client_id: current.clientId,
          redirect_uri: current.redirectURI,
          scope: current.scope || '',
          state: current.state,
          nonce: current.nonce,
          account: account,
        });
      })
      .then(
        (data) => {
          announce('AppleIDSignInOnSuccess', data);
          return data;
        },
        (failure) => {
          const detail = failure?.error ? failure : { error: String(failure) };
          announce('AppleIDSignInOnFailure', detail);
          return Promise.reject(detail);
        },
      );
  }

  window.AppleID = {
    auth: {
      init: (options) => {
        settings = Object.assign({}, options);
      },
      signIn: signIn,
      renderButton: () => {},
    },
  };
});
