export { defineOidcButton, oidcButton } from './define-oidc-button';
export { OidcButton, type OidcButtonProps, oidcLabel } from './OidcButton';
export { OidcLogo } from './OidcLogo';
export {
  allowsFlow,
  PopupCodeButton,
  type PopupCodeButtonProps,
  type PopupRequest,
  stringField,
} from './PopupCodeButton';
