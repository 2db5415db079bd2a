/**
 * Browser source of the Facebook JS SDK stand-in, run inside
 * `function (window, document, config) { ... }` after CHOOSER_SOURCE. It implements what
 * @greatsumini/react-facebook-login calls (`FB.init/login/getLoginStatus/logout/api`) and, like the
 * real SDK, calls `window.fbAsyncInit` asynchronously once loaded.
 */
export const FB_SOURCE = String.raw`
  var appId = null;
  var authResponse = null;

  function status() {
    return { status: authResponse ? 'connected' : 'unknown', authResponse: authResponse };
  }

  function apiArguments(args) {
    var path = args[0];
    var method = 'get';
    var params = {};
    var callback = function () {};
    for (var i = 1; i < args.length; i += 1) {
      if (typeof args[i] === 'string') method = args[i];
      else if (typeof args[i] === 'function') callback = args[i];
      else if (args[i]) params = args[i];
    }
    return { path: '/' + String(path).replace(/^\//, ''), method: method, params: params, callback: callback };
  }

  var FB = {
    init: function (params) { appId = params && params.appId ? String(params.appId) : null; },
    login: function (callback, options) {
      callback = callback || function () {};
      if (!appId) {
        console.error('FB.login() called before FB.init().');
        return;
      }
      sandboxChooseAccount('Log in with Facebook').then(function (account) {
        if (!account) {
          callback({ status: 'unknown', authResponse: null });
          return;
        }
        return sandboxFetchJson(config.loginEndpoint, {
          app_id: appId,
          account: account,
          scope: (options && options.scope) || '',
        }).then(function (answer) {
          authResponse = {
            accessToken: answer.accessToken,
            userID: answer.userID,
            expiresIn: answer.expiresIn,
            signedRequest: answer.signedRequest,
            graphDomain: answer.graphDomain,
            data_access_expiration_time: answer.data_access_expiration_time,
          };
          if (options && options.return_scopes) authResponse.grantedScopes = 'email,public_profile';
          callback(status());
        });
      }).catch(function (error) {
        console.error('[FB sandbox]', error);
        callback({ status: 'unknown', authResponse: null });
      });
    },
    getLoginStatus: function (callback) {
      setTimeout(function () { callback(status()); }, 0);
    },
    getAuthResponse: function () { return authResponse; },
    logout: function (callback) {
      authResponse = null;
      setTimeout(function () { if (callback) callback(status()); }, 0);
    },
    api: function () {
      var call = apiArguments(arguments);
      var query = Object.assign({}, call.params);
      if (!query.access_token && authResponse) query.access_token = authResponse.accessToken;
      var url = config.graphEndpoint + call.path + '?' + new URLSearchParams(query).toString();
      sandboxFetch(url).then(function (res) { return res.json(); }).then(call.callback, function (error) {
        call.callback({ error: { message: String(error), type: 'SandboxError', code: 1 } });
      });
    },
    XFBML: { parse: function () {} },
    Event: { subscribe: function () {}, unsubscribe: function () {} },
    AppEvents: { logPageView: function () {}, logEvent: function () {} },
  };
  window.FB = FB;

  // react-facebook-login assigns fbAsyncInit only after the script's load event, so call it on a
  // later task, and again whenever a page assigns a new one.
  var asyncInit = window.fbAsyncInit;
  Object.defineProperty(window, 'fbAsyncInit', {
    configurable: true,
    get: function () { return asyncInit; },
    set: function (fn) {
      asyncInit = fn;
      if (typeof fn === 'function') setTimeout(fn, 0);
    },
  });
  setTimeout(function () { if (typeof asyncInit === 'function') asyncInit(); }, 0);
`;
