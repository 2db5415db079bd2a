/**
 * Stand-in for the Facebook JS SDK (`https://connect.facebook.net/<locale>/sdk.js`): what
 * @greatsumini/react-facebook-login calls (`FB.init/login/getLoginStatus/logout/api`); like the real
 * SDK it calls `window.fbAsyncInit` asynchronously once loaded.
 * Evaluated as an expression: `(thisFile)(window, document, config, sandboxKit)`.
 */
(function facebookStandIn(window, _document, config, sandbox) {
  var sandboxFetchJson = sandbox.fetchJson;
  var sandboxChooseAccount = sandbox.chooseAccount;
  var sandboxFetch = sandbox.fetch;

  var appId = null;
  var authResponse = null;

  function status() {
    return { status: authResponse ? 'connected' : 'unknown', authResponse: authResponse };
  }

  function apiArguments(args) {
    var path = args[0];
    var method = 'get';
    var params = {};
    var callback = () => {};
    for (let i = 1; i < args.length; i += 1) {
      if (typeof args[i] === 'string') method = args[i];
      else if (typeof args[i] === 'function') callback = args[i];
      else if (args[i]) params = args[i];
    }
    return {
      path: `/${String(path).replace(/^\//, '')}`,
      method: method,
      params: params,
      callback: callback,
    };
  }

  var FB = {
    init: (params) => {
      appId = params?.appId ? String(params.appId) : null;
    },
    login: (callback, options) => {
      callback = callback || (() => {});
      if (!appId) {
        console.error('FB.login() called before FB.init().');
        return;
      }
      sandboxChooseAccount('Log in with Facebook')
        .then((account) => {
          if (!account) {
            callback({ status: 'unknown', authResponse: null });
            return;
          }
          return sandboxFetchJson(config.loginEndpoint, {
            app_id: appId,
            account: account,
            scope: options?.scope || '',
          }).then((answer) => {
            authResponse = {
              accessToken: answer.accessToken,
              userID: answer.userID,
              expiresIn: answer.expiresIn,
              signedRequest: answer.signedRequest,
              graphDomain: answer.graphDomain,
              data_access_expiration_time: answer.data_access_expiration_time,
            };
            if (options?.return_scopes) authResponse.grantedScopes = 'email,public_profile';
            callback(status());
          });
        })
        .catch((error) => {
          console.error('[FB sandbox]', error);
          callback({ status: 'unknown', authResponse: null });
        });
    },
    getLoginStatus: (callback) => {
      setTimeout(() => {
        callback(status());
      }, 0);
    },
    getAuthResponse: () => authResponse,
    logout: (callback) => {
      authResponse = null;
      setTimeout(() => {
        if (callback) callback(status());
      }, 0);
    },
    api: (...args) => {
      var call = apiArguments(args);
      var query = Object.assign({}, call.params);
      if (!query.access_token && authResponse) query.access_token = authResponse.accessToken;
      var url = `${config.graphEndpoint + call.path}?${new URLSearchParams(query).toString()}`;
      sandboxFetch(url)
        .then((res) => res.json())
        .then(call.callback, (error) => {
          call.callback({ error: { message: String(error), type: 'SandboxError', code: 1 } });
        });
    },
    XFBML: { parse: () => {} },
    Event: { subscribe: () => {}, unsubscribe: () => {} },
    AppEvents: { logPageView: () => {}, logEvent: () => {} },
  };
  window.FB = FB;

  // react-facebook-login assigns fbAsyncInit only after the script's load event, so call it on a
  // later task, and again whenever a page assigns a new one.
  var asyncInit = window.fbAsyncInit;
  Object.defineProperty(window, 'fbAsyncInit', {
    configurable: true,
    get: () => asyncInit,
    set: (fn) => {
      asyncInit = fn;
      if (typeof fn === 'function') setTimeout(fn, 0);
    },
  });
  setTimeout(() => {
    if (typeof asyncInit === 'function') asyncInit();
  }, 0);
});
