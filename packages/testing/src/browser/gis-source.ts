/**
 * Browser source of the Google Identity Services stand-in, run inside
 * `function (window, document, config) { ... }` after CHOOSER_SOURCE. It implements the parts of
 * `google.accounts.id` and `google.accounts.oauth2` that @react-oauth/google calls, with the
 * callback shapes of the real library.
 */
export const GIS_SOURCE = `
  var idConfig = null;
  var autoSelectDisabled = false;
  var BUTTON_TEXT = {
    signin_with: 'Sign in with Google',
    signup_with: 'Sign up with Google',
    continue_with: 'Continue with Google',
    signin: 'Sign in',
  };

  function moment(type, reason) {
    return {
      getMomentType: function () { return type; },
      isDisplayMoment: function () { return type === 'display'; },
      isDisplayed: function () { return type === 'display'; },
      isNotDisplayed: function () { return false; },
      getNotDisplayedReason: function () { return undefined; },
      isSkippedMoment: function () { return type === 'skipped'; },
      getSkippedReason: function () { return type === 'skipped' ? reason : undefined; },
      isDismissedMoment: function () { return type === 'dismissed'; },
      getDismissedReason: function () { return type === 'dismissed' ? reason : undefined; },
    };
  }

  function signIn(selectBy, listener, forceChooser) {
    if (!idConfig) {
      console.error('[GSI_LOGGER]: google.accounts.id.initialize() must be called first.');
      return;
    }
    var settings = idConfig;
    if (listener) listener(moment('display'));
    sandboxChooseAccount('Sign in with Google', forceChooser).then(function (account) {
      if (!account) {
        if (listener) listener(moment('skipped', 'user_cancel'));
        return;
      }
      return sandboxFetchJson(config.idTokenEndpoint, {
        client_id: settings.client_id,
        nonce: settings.nonce,
        account: account,
      }).then(function (answer) {
        if (listener) listener(moment('dismissed', 'credential_returned'));
        settings.callback({ credential: answer.credential, select_by: selectBy, clientId: settings.client_id });
      });
    }).catch(function (error) { console.error('[GSI_LOGGER]:', error); });
  }

  function grantedScopes(response) {
    return String((response && response.scope) || '').split(' ').filter(Boolean);
  }

  function oauthClient(settings, endpoint, answerOf) {
    return function (override) {
      var scope = (override && override.scope) || settings.scope || '';
      sandboxChooseAccount('Sign in with Google').then(function (account) {
        if (!account) {
          if (settings.error_callback) settings.error_callback({ type: 'popup_closed', message: 'Popup window closed' });
          return;
        }
        return sandboxFetchJson(endpoint, {
          client_id: settings.client_id,
          scope: scope,
          account: account,
          redirect_uri: 'postmessage',
        }).then(function (answer) { settings.callback(answerOf(answer)); });
      }).catch(function (error) {
        if (settings.error_callback) settings.error_callback({ type: 'popup_failed_to_open', message: String(error) });
        else console.error('[GSI_LOGGER]:', error);
      });
    };
  }

  window.google = window.google || {};
  window.google.accounts = {
    id: {
      initialize: function (settings) { idConfig = settings; },
      renderButton: function (parent, options) {
        if (!parent) return;
        options = options || {};
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = BUTTON_TEXT[options.text] || BUTTON_TEXT.signin_with;
        button.setAttribute('data-socialkit-sandbox', 'google-button');
        button.style.cssText = 'display:inline-flex;align-items:center;gap:8px;height:40px;padding:0 12px;' +
          'border:1px solid #dadce0;border-radius:' + (options.shape === 'pill' ? '20px' : '4px') + ';' +
          'background:' + (options.theme === 'filled_blue' ? '#1a73e8;color:#fff' : '#fff;color:#3c4043') + ';' +
          'font:500 14px system-ui,sans-serif;cursor:pointer';
        button.addEventListener('click', function () {
          if (options.click_listener) options.click_listener();
          signIn('btn');
        });
        while (parent.firstChild) parent.removeChild(parent.firstChild);
        parent.appendChild(button);
      },
      prompt: function (listener) {
        // After googleLogout() the real One Tap stops signing people in silently; so does this one.
        var silent = config.autoSelect && !autoSelectDisabled;
        signIn(silent ? 'auto' : 'user', listener, autoSelectDisabled);
      },
      cancel: function () { sandboxCloseChooser(); },
      disableAutoSelect: function () { autoSelectDisabled = true; },
      revoke: function (hint, done) { if (done) done({ successful: true, error: undefined }); },
      storeCredential: function () {},
    },
    oauth2: {
      initTokenClient: function (settings) {
        return {
          requestAccessToken: oauthClient(settings, config.accessTokenEndpoint, function (answer) {
            return {
              access_token: answer.access_token,
              token_type: answer.token_type,
              expires_in: answer.expires_in,
              scope: answer.scope,
              authuser: '0',
              prompt: 'none',
              state: settings.state,
            };
          }),
        };
      },
      initCodeClient: function (settings) {
        return {
          requestCode: oauthClient(settings, config.codeEndpoint, function (answer) {
            return { code: answer.code, scope: answer.scope, authuser: '0', prompt: 'consent', state: settings.state };
          }),
        };
      },
      revoke: function (token, done) {
        sandboxFetchJson(config.revokeEndpoint + '?token=' + encodeURIComponent(token), {}).then(
          function () { if (done) done({ successful: true }); },
          function (error) { if (done) done({ successful: false, error: String(error) }); },
        );
      },
      hasGrantedAllScopes: function (response) {
        var granted = grantedScopes(response);
        return Array.prototype.slice.call(arguments, 1).every(function (s) { return granted.indexOf(s) >= 0; });
      },
      hasGrantedAnyScope: function (response) {
        var granted = grantedScopes(response);
        return Array.prototype.slice.call(arguments, 1).some(function (s) { return granted.indexOf(s) >= 0; });
      },
    },
  };
`;
