/**
 * Stand-in for Google Identity Services (`https://accounts.google.com/gsi/client`): the parts of
 * `google.accounts.id` and `google.accounts.oauth2` that @react-oauth/google calls, with the real
 * library's callback shapes, backed by the fake Google's sandbox endpoints.
 * Evaluated as an expression: `(thisFile)(window, document, config, sandboxKit)`.
 */
(function gisStandIn(window, document, config, sandbox) {
  var sandboxFetchJson = sandbox.fetchJson;
  var sandboxChooseAccount = sandbox.chooseAccount;
  var sandboxCloseChooser = sandbox.closeChooser;

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
      getMomentType: () => type,
      isDisplayMoment: () => type === 'display',
      isDisplayed: () => type === 'display',
      isNotDisplayed: () => false,
      getNotDisplayedReason: () => undefined,
      isSkippedMoment: () => type === 'skipped',
      getSkippedReason: () => (type === 'skipped' ? reason : undefined),
      isDismissedMoment: () => type === 'dismissed',
      getDismissedReason: () => (type === 'dismissed' ? reason : undefined),
    };
  }

  function signIn(selectBy, listener, forceChooser) {
    if (!idConfig) {
      console.error('[GSI_LOGGER]: google.accounts.id.initialize() must be called first.');
      return;
    }
    var settings = idConfig;
    if (listener) listener(moment('display'));
    sandboxChooseAccount('Sign in with Google', forceChooser)
      .then((account) => {
        if (!account) {
          if (listener) listener(moment('skipped', 'user_cancel'));
          return;
        }
        return sandboxFetchJson(config.idTokenEndpoint, {
          client_id: settings.client_id,
          nonce: settings.nonce,
          account: account,
        }).then((answer) => {
          if (listener) listener(moment('dismissed', 'credential_returned'));
          settings.callback({
            credential: answer.credential,
            select_by: selectBy,
            clientId: settings.client_id,
          });
        });
      })
      .catch((error) => {
        console.error('[GSI_LOGGER]:', error);
      });
  }

  function grantedScopes(response) {
    return String(response?.scope || '')
      .split(' ')
      .filter(Boolean);
  }

  function oauthClient(settings, endpoint, answerOf) {
    return (override) => {
      var scope = override?.scope || settings.scope || '';
      sandboxChooseAccount('Sign in with Google')
        .then((account) => {
          if (!account) {
            if (settings.error_callback)
              settings.error_callback({ type: 'popup_closed', message: 'Popup window closed' });
            return;
          }
          return sandboxFetchJson(endpoint, {
            client_id: settings.client_id,
            scope: scope,
            account: account,
            redirect_uri: 'postmessage',
          }).then((answer) => {
            settings.callback(answerOf(answer));
          });
        })
        .catch((error) => {
          if (settings.error_callback)
            settings.error_callback({ type: 'popup_failed_to_open', message: String(error) });
          else console.error('[GSI_LOGGER]:', error);
        });
    };
  }

  window.google = window.google || {};
  window.google.accounts = {
    id: {
      initialize: (settings) => {
        idConfig = settings;
      },
      renderButton: (parent, options) => {
        if (!parent) return;
        options = options || {};
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = BUTTON_TEXT[options.text] || BUTTON_TEXT.signin_with;
        button.setAttribute('data-socialkit-sandbox', 'google-button');
        button.style.cssText =
          'display:inline-flex;align-items:center;gap:8px;height:40px;padding:0 12px;' +
          'border:1px solid #dadce0;border-radius:' +
          (options.shape === 'pill' ? '20px' : '4px') +
          ';' +
          'background:' +
          (options.theme === 'filled_blue' ? '#1a73e8;color:#fff' : '#fff;color:#3c4043') +
          ';' +
          'font:500 14px system-ui,sans-serif;cursor:pointer';
        button.addEventListener('click', () => {
          if (options.click_listener) options.click_listener();
          signIn('btn');
        });
        while (parent.firstChild) parent.removeChild(parent.firstChild);
        parent.appendChild(button);
      },
      prompt: (listener) => {
        // After googleLogout() the real One Tap stops signing people in silently; so does this one.
        var silent = config.autoSelect && !autoSelectDisabled;
        signIn(silent ? 'auto' : 'user', listener, autoSelectDisabled);
      },
      cancel: () => {
        sandboxCloseChooser();
      },
      disableAutoSelect: () => {
        autoSelectDisabled = true;
      },
      revoke: (_hint, done) => {
        if (done) done({ successful: true, error: undefined });
      },
      storeCredential: () => {},
    },
    oauth2: {
      initTokenClient: (settings) => ({
        requestAccessToken: oauthClient(settings, config.accessTokenEndpoint, (answer) => ({
          access_token: answer.access_token,
          token_type: answer.token_type,
          expires_in: answer.expires_in,
          scope: answer.scope,
          authuser: '0',
          prompt: 'none',
          state: settings.state,
        })),
      }),
      initCodeClient: (settings) => ({
        requestCode: oauthClient(settings, config.codeEndpoint, (answer) => ({
          code: answer.code,
          scope: answer.scope,
          authuser: '0',
          prompt: 'consent',
          state: settings.state,
        })),
      }),
      revoke: (token, done) => {
        sandboxFetchJson(`${config.revokeEndpoint}?token=${encodeURIComponent(token)}`, {}).then(
          () => {
            if (done) done({ successful: true });
          },
          (error) => {
            if (done) done({ successful: false, error: String(error) });
          },
        );
      },
      hasGrantedAllScopes: (response, ...scopes) => {
        var granted = grantedScopes(response);
        return scopes.every((s) => granted.indexOf(s) >= 0);
      },
      hasGrantedAnyScope: (response, ...scopes) => {
        var granted = grantedScopes(response);
        return scopes.some((s) => granted.indexOf(s) >= 0);
      },
    },
  };
});
