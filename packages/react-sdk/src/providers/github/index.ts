import { defineSocialButton } from '../../buttons/registry';
import { GitHubButton } from './GitHubButton';

export { GITHUB_AUTHORIZE_URL, GitHubButton, type GitHubButtonProps } from './GitHubButton';
export { GitHubMark } from './GitHubMark';

/**
 * The GitHub button, for `<SocialAuthProvider buttons>`.
 *
 * @example
 * ```tsx
 * import { githubButton } from '@socialkit/react/github';
 * <SocialAuthProvider apiUrl="/auth" buttons={[githubButton]}>
 * ```
 */
export const githubButton = defineSocialButton({ id: 'github', name: 'GitHub', Button: GitHubButton });
