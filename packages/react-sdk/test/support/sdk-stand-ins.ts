interface GisConfig {
  client_id: string;
  nonce?: string;
  callback: (response: { credential?: string; select_by?: string }) => void;
}

export interface StandInOptions {
  /** What Google's button hands back for a click; `null` plays a dismissed prompt. */
  googleCredential: (config: GisConfig) => Promise<string | null>;
  /** What the code client hands back; `null` plays a closed popup. */
  googleCode?: () => Promise<string | null>;
  /** What `FB.login` answers; `null` plays a cancelled dialog. */
  facebookLogin?: () => Promise<{ accessToken: string; userID: string } | null>;
}

/**
 * Minimal Google Identity Services and Facebook SDK globals for jsdom: the GIS script "loads" as
 * soon as it is appended, `renderButton` draws a plain button, and each click asks the test what
 * the provider returns. Returns the `initialize` configs seen and an uninstall function.
 */
export function installSdkStandIns(win: Window, options: StandInOptions) {
  const initialized: GisConfig[] = [];
  const host = win as unknown as { google?: unknown; FB?: unknown };
  let current: GisConfig | undefined;

  host.google = {
    accounts: {
      id: {
        initialize: (config: GisConfig) => {
          current = config;
          initialized.push(config);
        },
        renderButton: (parent: HTMLElement) => {
          const config = current as GisConfig;
          const button = win.document.createElement('button');
          button.type = 'button';
          button.textContent = 'Google';
          button.addEventListener('click', async () => {
            const credential = await options.googleCredential(config);
            config.callback(credential ? { credential, select_by: 'btn' } : {});
          });
          parent.replaceChildren(button);
        },
        prompt: () => undefined,
        cancel: () => undefined,
        disableAutoSelect: () => undefined,
      },
      oauth2: {
        initCodeClient: (config: {
          callback: (response: { code: string; scope: string }) => void;
          error_callback?: (error: { type: string }) => void;
        }) => ({
          requestCode: async () => {
            const code = await options.googleCode?.();
            if (code) config.callback({ code, scope: 'openid email profile' });
            else config.error_callback?.({ type: 'popup_closed' });
          },
        }),
      },
    },
  };
  host.FB = {
    init: () => undefined,
    getLoginStatus: (callback: (res: { status: string }) => void) => callback({ status: 'unknown' }),
    login: async (callback: (res: { status: string; authResponse?: unknown }) => void) => {
      const result = await options.facebookLogin?.();
      callback(
        result
          ? { status: 'connected', authResponse: { ...result, expiresIn: '3600' } }
          : { status: 'unknown' },
      );
    },
    logout: (callback: () => void) => callback(),
    api: () => undefined,
  };

  // jsdom does not fetch scripts: play the `load` event of the provider scripts ourselves.
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (
          node instanceof HTMLScriptElement &&
          /accounts\.google\.com|connect\.facebook\.net/.test(node.src)
        ) {
          setTimeout(() => node.onload?.(new Event('load')), 0);
        }
      }
    }
  });
  observer.observe(win.document.body, { childList: true, subtree: true });

  return {
    initialized,
    uninstall() {
      observer.disconnect();
      delete host.google;
      delete host.FB;
    },
  };
}
