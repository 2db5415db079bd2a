import { useCallback, useEffect, useRef, useState } from 'react';
import { isSocialAuthError, SocialAuthError } from '../core/errors';
import type { SocialAuthClient } from '../core/types';

/**
 * A server-issued one-time nonce for the next Google sign-in. `renew()` fetches another, since
 * the server consumes each nonce on use, and an unused one expires.
 */
export function useNonce(client: SocialAuthClient, enabled = true) {
  const [nonce, setNonce] = useState<string | null>(null);
  const [error, setError] = useState<SocialAuthError | null>(null);
  const latestRequest = useRef(0);

  const renew = useCallback(() => {
    latestRequest.current += 1;
    const request = latestRequest.current;
    setNonce(null);
    client.getNonce().then(
      (next) => {
        if (request !== latestRequest.current) return;
        setNonce(next);
        setError(null);
      },
      (cause: unknown) => {
        if (request !== latestRequest.current) return;
        setError(
          isSocialAuthError(cause) ? cause : new SocialAuthError('network_error', 'Nonce request failed'),
        );
      },
    );
  }, [client]);

  useEffect(() => {
    if (!enabled) return;
    renew();
    return () => {
      latestRequest.current += 1;
    };
  }, [enabled, renew]);

  return { nonce, error, renew };
}
