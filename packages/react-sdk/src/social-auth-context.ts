import { createContext, useContext } from 'react';
import type { SocialButton } from './buttons/registry';
import type { SocialAuthClient } from './core/types';
import type { SocialAuthMessages } from './messages';

export interface SocialAuthContextValue {
  client: SocialAuthClient;
  messages: SocialAuthMessages;
  /** Registered buttons by provider id. */
  buttons: ReadonlyMap<string, SocialButton>;
}

export const SocialAuthContext = createContext<SocialAuthContextValue | null>(null);

/** The client, messages and buttons of the nearest `<SocialAuthProvider>`, for custom components. */
export function useSocialAuthContext(): SocialAuthContextValue {
  const value = useContext(SocialAuthContext);
  if (!value) throw new Error('socialkit: wrap your app in <SocialAuthProvider apiUrl="/auth">');
  return value;
}
